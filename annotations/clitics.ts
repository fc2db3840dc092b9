/**
 * Where a Hebrew or Arabic proclitic sequence (ו ה ב כ ל מ ש…, و ف ب ك ل ال…) could end inside a
 * word, in the word's code points: the selection-snapping view of the proclitic grammar that the
 * suggestions use (annotations/suggest/clitics.ts, the one place the grammar is written).
 *
 * Which split is right is not decided here: a prefix letter may as well be the word's own first
 * letter (`מלך`); callers decide with what the annotator did (a selection that starts exactly at a
 * split, the annotator's earlier spans).
 */
import { cliticSplits, foldWord } from './suggest/clitics';

/**
 * Code point offsets inside `word` where a known proclitic sequence ends and a stem of at least
 * two letters begins (ascending; empty for other scripts or no prefix). A mark after a prefix
 * letter belongs to that letter (`וּבַ` splits after the patah).
 */
export function procliticSplits(word: string): number[] {
  const f = foldWord(word, 0, Array.from(word).length, 0);
  return cliticSplits(f.folded, f.script)
    .filter((s) => s.length > 0)
    .map((s) => f.source[s.length] as number);
}
