/** CoNLL: one token per line with BIO/BIOES tags; a document imported from CoNLL is written back with its own layout. */
import { writeConllDocument, writeConllWithLayout } from '../../../annotations/formats/conllWrite';
import type { ConllLayout, ConllReport } from '../../../annotations/formats/conllLayout';
import type { WriterFactory } from './writer';
import { tokenReport } from './hf';

export const conll: WriterFactory = (ctx) => {
  const counts: ConllReport = { extended: 0, dropped: 0, empty: 0 };
  /** Per split file: whether something was written, and whether it ended with a line end. */
  const open = new Map<string, 'eol' | 'no-eol'>();
  return {
    write: (rec, at, target) => {
      const stored = ctx.store.getDocumentLayout(at.doc.id);
      const before = open.get(at.split);
      let text: string;
      if (stored !== null && stored.format === 'conll') {
        // Imported from CoNLL: its own tokens, sentences, columns and tags.
        const layout = JSON.parse(stored.layout) as ConllLayout;
        text = writeConllWithLayout(at.doc.text, layout, rec.entities, counts);
        const starts = layout.lines.some((l) => typeof l === 'string' && l.trimStart().startsWith('-DOCSTART-'));
        if (before !== undefined && !starts) text = `-DOCSTART-\tqalam:${at.doc.id}\tO\n\n${text}`;
      } else {
        text = writeConllDocument(rec, { scheme: ctx.scheme, granularity: ctx.granularity }, counts);
      }
      if (before === 'no-eol') text = `\n${text}`;
      target.sink(at.split).write(text);
      open.set(at.split, text.endsWith('\n') ? 'eol' : 'no-eol');
    },
    report: (report) => tokenReport(report, counts, ctx.granularity),
  };
};
