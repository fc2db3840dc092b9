/** Hugging Face token classification: a folder of `<split>.jsonl`, dataset_info.json and a README card. */
import { basename, extname, join } from 'node:path';
import { hfDatasetInfo, hfLabelNames, hfReadme, writeHfLines, type HfReport } from '../../../annotations/formats/hf';
import type { ConllReport } from '../../../annotations/formats/conllLayout';
import type { Granularity } from '../../../annotations/formats/tokens';
import type { ExportRunReport } from '../../contract';
import { writeFileAtomic } from '../safeWrite';
import type { WriterFactory } from './writer';

/** What the token formats (CoNLL, Hugging Face) say they extended and dropped. */
export function tokenReport(report: ExportRunReport, r: ConllReport, granularity: Granularity): void {
  report.extended = r.extended;
  report.dropped = r.dropped;
  if (granularity === 'token') report.messages.push(`${r.extended} sub-word entities extended to whole tokens`);
  report.messages.push(`${r.dropped} nested or overlapping entities dropped (the outermost wins)`);
  if (r.empty > 0) report.messages.push(`${r.empty} entities without any token (white space only) left out`);
}

export const hf: WriterFactory = (ctx) => {
  const counts: HfReport = { extended: 0, dropped: 0, empty: 0, sentences: 0 };
  const labelNames = hfLabelNames(ctx.schema.entityTypes.map((t) => t.name), ctx.scheme);
  const labels = new Map(labelNames.map((n, i) => [n, i] as const));
  const splits: Record<string, { documents: number; sentences: number }> = {};
  const options = { scheme: ctx.scheme, granularity: ctx.granularity };
  return {
    write: (rec, at, target) => {
      const before = counts.sentences;
      for (const l of writeHfLines(rec, labels, options, counts)) target.sink(at.split).write(`${l}\n`);
      const c = (splits[at.split] ??= { documents: 0, sentences: 0 });
      c.documents++;
      c.sentences += counts.sentences - before;
    },
    close: (target) => {
      for (const n of ctx.splitNames) splits[n] ??= { documents: 0, sentences: 0 };
      const out = ctx.args.out;
      const card = { name: basename(out, extname(out)), labelNames, splits, annotators: [...ctx.annotators].sort(), ...options, report: counts };
      writeFileAtomic(join(target.tmp, 'dataset_info.json'), hfDatasetInfo(card), true);
      writeFileAtomic(join(target.tmp, 'README.md'), hfReadme(card), true);
    },
    report: (report) => tokenReport(report, counts, ctx.granularity),
  };
};
