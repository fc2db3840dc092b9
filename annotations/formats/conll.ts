/**
 * CoNLL-style token tags: one token per line (`token<TAB>tag`), a blank line between sentences,
 * `-DOCSTART-<TAB>O` and a blank line before each document. Tokens, granularities, sentences and
 * nesting as in `tokens.ts`.
 *
 * Reader: BIO, IOB1 and BIOES (also BILOU) with one lenient decoder (see `decodeTags`); the tag is
 * the last white-space separated field of a line and the token the first, so CoNLL-2003's
 * `token POS chunk tag` lines read too. A document's text is rebuilt: tokens joined by a space,
 * sentences by a line break; `-DOCSTART-` starts a new document.
 */
import type { NativeEntity, NativeRecord } from './jsonl';
import { CoreError } from '../errors';
import { detectLang } from '../direction';
import { decodeTags, parseTag, sequenceLabels, type Granularity, type TagScheme } from './tokens';
import { OffsetMap, cpLength } from '../text';

export interface ConllReport {
  extended: number;
  dropped: number;
  empty: number;
}

/** The CoNLL lines of one document (starting with -DOCSTART-), with LF ends. */
export function writeConllDocument(rec: NativeRecord, options: { scheme: TagScheme; granularity: Granularity }, report: ConllReport): string {
  const r = sequenceLabels(rec.text, rec.entities, options);
  report.extended += r.extended;
  report.dropped += r.dropped;
  report.empty += r.empty;
  let out = '-DOCSTART-\tO\n\n';
  for (const s of r.sentences) {
    for (const t of s) out += `${t.text}\t${t.tag}\n`;
    out += '\n';
  }
  return out;
}

/** Parse CoNLL text into documents (name `<base>-<n>`). Throws CoreError('import-failed') with file and line. */
export function parseConll(text: string, fileName: string, baseName: string): NativeRecord[] {
  const docs: { tokens: string[]; tags: string[]; sentenceEnds: Set<number> }[] = [];
  let cur: { tokens: string[]; tags: string[]; sentenceEnds: Set<number> } | null = null;
  const lines = text.split('\n');
  lines.forEach((raw, idx) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (idx === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    const trimmed = line.trim();
    if (trimmed === '') {
      if (cur && cur.tokens.length > 0) cur.sentenceEnds.add(cur.tokens.length);
      return;
    }
    const fields = trimmed.split(/\s+/);
    if (fields[0] === '-DOCSTART-') {
      cur = null;
      return;
    }
    if (trimmed.startsWith('#') && fields.length === 1) return;
    if (fields.length < 2) {
      throw new CoreError('import-failed', `${fileName}:${idx + 1}: expected "token tag", found ${JSON.stringify(trimmed)}`, { file: fileName, line: idx + 1 });
    }
    const tag = fields[fields.length - 1] as string;
    if (parseTag(tag) === null) {
      throw new CoreError('import-failed', `${fileName}:${idx + 1}: ${JSON.stringify(tag)} is not a BIO/IOB1/BIOES tag (O, B-X, I-X, E-X, S-X)`, { file: fileName, line: idx + 1 });
    }
    if (cur === null) {
      cur = { tokens: [], tags: [], sentenceEnds: new Set() };
      docs.push(cur);
    }
    cur.tokens.push(fields[0] as string);
    cur.tags.push(tag);
  });
  return docs
    .filter((d) => d.tokens.length > 0)
    .map((d, n) => {
      const starts: number[] = [];
      const ends: number[] = [];
      let textOut = '';
      let cp = 0;
      d.tokens.forEach((t, i) => {
        if (i > 0) {
          textOut += d.sentenceEnds.has(i) ? '\n' : ' ';
          cp++;
        }
        starts.push(cp);
        textOut += t;
        cp += cpLength(t);
        ends.push(cp);
      });
      const map = new OffsetMap(textOut);
      const entities: NativeEntity[] = decodeTags(d.tags).map((e, k) => {
        const start = starts[e.start] as number;
        const end = ends[e.end - 1] as number;
        return { id: `T${k + 1}`, type: e.type, start, end, text: map.slice(start, end) };
      });
      return {
        id: '',
        name: docs.length === 1 ? baseName : `${baseName}-${n + 1}`,
        text: textOut,
        lang: detectLang(textOut),
        annotator: null,
        entities,
        events: [],
        relations: [],
        status: 'not-started',
      } satisfies NativeRecord;
    });
}
