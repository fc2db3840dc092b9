/**
 * practiceEvidenceSteps (the window reads the practice in idle time, a block of lines at a time)
 * gives what practiceEvidence gives at once, on the real corpora: Hebrew with its prefixes
 * stripped (NEMO morph) and kept (NEMO tokens), Arabic with them kept (ANERcorp), emoji before
 * the mentions so the blocks' code point offsets differ from their UTF-16 ones.
 */
// The real corpora are read from the shared fixtures (the core itself reads no files).
// eslint-disable-next-line no-restricted-imports
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, loadMorph, loadTokens, toDocs } from '../../test/bench/corpora';
import type { SpanTyped } from './occurrences';
import { practiceEvidence, practiceEvidenceSteps } from './practice';

/** The documents as one text, each on its own lines after an emoji line, mentions moved with them. */
function oneText(docs: { text: string; mentions: readonly SpanTyped[] }[]): { text: string; mentions: SpanTyped[] } {
  let text = '';
  let cp = 0;
  const mentions: SpanTyped[] = [];
  for (const d of docs) {
    text += '😀 🇮🇱\n';
    cp += [...'😀 🇮🇱\n'].length;
    for (const m of d.mentions) mentions.push({ ...m, start: m.start + cp, end: m.end + cp });
    text += `${d.text}\n`;
    cp += [...d.text].length + 1;
  }
  return { text, mentions };
}

function stepped(doc: { text: string; mentions: SpanTyped[] }, options: { prefixUnits?: number; blockUnits?: number }) {
  const steps = practiceEvidenceSteps(doc, options);
  let yields = 0;
  for (;;) {
    const s = steps.next();
    if (s.done) return { evidence: s.value, yields };
    yields++;
  }
}

describe('practiceEvidenceSteps', () => {
  it('a small text: the same evidence in blocks as at once, a block a line', () => {
    const text = 'ראש 😀 הממשלה בירושלים\nובירושלים ירושלים והממשלה\nוהממשלה ממשלה 😀 ובירושלים\n';
    const cp = (word: string, nth = 0) => {
      let at = -1;
      for (let k = 0; k <= nth; k++) at = text.indexOf(word, at + 1);
      return [...text.slice(0, at)].length;
    };
    const mentions: SpanTyped[] = [
      { start: cp('ירושלים'), end: cp('ירושלים') + 7, type: 'GPE' },
      { start: cp('ירושלים', 1), end: cp('ירושלים', 1) + 7, type: 'GPE' },
      { start: cp('ובירושלים', 1), end: cp('ובירושלים', 1) + 9, type: 'GPE' },
      { start: cp('ממשלה', 3), end: cp('ממשלה', 3) + 5, type: 'ORG' },
    ];
    const whole = practiceEvidence({ text, mentions });
    expect(whole.he.stripped + whole.he.kept).toBeGreaterThan(1);
    const inBlocks = stepped({ text, mentions }, { blockUnits: 1 });
    // three lines: two yields between them; four mentions, one a step: three more
    expect(inBlocks.yields).toBe(5);
    expect(inBlocks.evidence).toEqual(whole);
    expect(stepped({ text, mentions }, {}).yields).toBe(0);
  });

  describe.skipIf(!existsSync(FIXTURES))('the real corpora', () => {
    const corpora: [string, () => ReturnType<typeof loadTokens>][] = [
      ['NEMO morph', () => loadMorph()],
      ['NEMO token-single', () => loadTokens('nemo-train/token-single_gold_train.bmes')],
      ['ANERcorp', () => loadTokens('anercorp-train/train_data.txt')],
    ];
    for (const [name, load] of corpora) {
      it(`${name}: the same evidence in 2,000-unit blocks as at once, with and without a prefix`, () => {
        const doc = oneText(toDocs(load().slice(0, 3000)));
        const whole = practiceEvidence(doc);
        const e = whole.he.stripped + whole.he.kept + whole.ar.stripped + whole.ar.kept;
        expect(e).toBeGreaterThan(50);
        const inBlocks = stepped(doc, { blockUnits: 2000 });
        expect(inBlocks.yields).toBeGreaterThan(10);
        expect(inBlocks.evidence).toEqual(whole);
        const prefix = stepped(doc, { prefixUnits: 40_000, blockUnits: 2000 });
        expect(prefix.evidence).toEqual(practiceEvidence(doc, { prefixUnits: 40_000 }));
      });
    }
  });
});
