/**
 * `qalam suggest`: the suggestions of annotations/suggest for a project, printed as JSONL, with
 * nothing written to the project. Reads the project through the service's API only.
 */
import type { ParseArgsConfig } from 'node:util';
import { CoreError } from '../../annotations/errors';
import { OccurrenceIndex, type Suggestion, type SuggestDocument } from '../../annotations/suggest/occurrences';
import { Tagger, trainWithHeldOut } from '../../annotations/suggest/tagger';
import type { QalamService } from '../service';
import { UsageError } from './output';
import { list, minF1Of, readGazetteer, wholeNumber } from './suggestOptions';

export const SUGGEST_USAGE = `  suggest <project.qalam> [--annotator NAME] [--documents ID,ID...] [--gazetteer FILE]
          [--recommenders occurrences,tagger] [--min-f1 X] [--seed N]
      Suggestions for NAME's set (default: the current annotator), one JSON line each on standard
      output ({"docId","start","end","type","text","source","score"}, code points); nothing is
      written. occurrences: every other occurrence of a form NAME tagged (or FILE lists,
      "form<TAB>type" per line), also after Hebrew and Arabic proclitics; tagger: a model trained
      on NAME's annotated documents, silent when its F1 on held-out documents is below X (0.5).
      A summary goes to standard error.
`;

type Parse = (args: string[], options: NonNullable<ParseArgsConfig['options']>) => { values: Record<string, string | boolean | undefined>; positionals: string[] };
type WithProject = <T>(path: string, fn: (service: QalamService) => T) => T;

const RECOMMENDERS = ['occurrences', 'tagger'] as const;

export function suggestCommand(args: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }, parse: Parse, withProject: WithProject): void {
  const { values, positionals } = parse(args, {
    annotator: { type: 'string' },
    documents: { type: 'string' },
    gazetteer: { type: 'string' },
    recommenders: { type: 'string' },
    'min-f1': { type: 'string' },
    seed: { type: 'string' },
  });
  if (positionals.length < 1) throw new UsageError('suggest: missing the project file (qalam suggest <project.qalam>)');
  if (positionals.length > 1) throw new UsageError(`suggest: unexpected argument ${JSON.stringify(positionals[1])}`);
  const recommenders = values['recommenders'] === undefined ? [...RECOMMENDERS] : list(values['recommenders']);
  for (const r of recommenders) {
    if (!(RECOMMENDERS as readonly string[]).includes(r)) throw new UsageError(`suggest: unknown recommender ${JSON.stringify(r)} (known: ${RECOMMENDERS.join(', ')})`);
  }
  if (recommenders.length === 0) throw new UsageError('suggest: --recommenders needs at least one of occurrences, tagger');
  const minF1 = minF1Of('suggest', values['min-f1'] as string | undefined);
  const seed = wholeNumber('suggest', 'seed', values['seed'] as string | undefined, 1, 0);
  const gazetteer = readGazetteer(values['gazetteer'] as string | undefined);
  const wanted = list(values['documents']);

  withProject(positionals[0] as string, (service) => {
    const session = service.call('session.get', {});
    const annotator = (values['annotator'] as string | undefined) ?? session.annotator;
    if (annotator === null || annotator === '') throw new UsageError('suggest: no current annotator in this project: give --annotator NAME');
    const all = service.call('documents.list', {});
    const known = new Set(all.map((d) => d.id));
    for (const id of wanted) if (!known.has(id)) throw new CoreError('not-found', `suggest: no document ${JSON.stringify(id)} in ${positionals[0] as string}`);
    const docs: SuggestDocument[] = all.map((d) => ({
      id: d.id,
      text: service.call('documents.get', { id: d.id }).text,
      mentions: service.call('mentions.list', { docId: d.id, annotator }).map((m) => ({ start: m.start, end: m.end, type: m.type })),
    }));
    const annotated = docs.filter((d) => d.mentions.length > 0);
    const targets = wanted.length > 0 ? docs.filter((d) => wanted.includes(d.id)) : docs;

    const index = new OccurrenceIndex();
    for (const d of annotated) index.addDocument(d);
    index.addGazetteer(gazetteer);
    let tagger: Tagger | null = null;
    if (recommenders.includes('tagger') && annotated.length > 0) tagger = new Tagger(trainWithHeldOut(annotated, { seed, gazetteer }));

    const counts = { occurrences: 0, tagger: 0 };
    for (const d of targets) {
      const occ = recommenders.includes('occurrences') ? index.find(d) : [];
      const tag = tagger ? tagger.suggest(d, minF1).filter((s) => !occ.some((o) => o.start < s.end && s.start < o.end)) : [];
      const out: Suggestion[] = [...occ, ...tag].sort((a, b) => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
      counts.occurrences += occ.length;
      counts.tagger += tag.length;
      for (const s of out) {
        io.stdout(`${JSON.stringify({ docId: s.docId, start: s.start, end: s.end, type: s.type, text: s.text, source: s.source, score: Number(s.score.toFixed(4)) })}\n`);
      }
    }
    const p = index.practice;
    const practice = (['he', 'ar'] as const)
      .map((k) => `${k}: ${p[k].keepProclitics ? 'whole words' : 'stems'}${k === 'ar' ? (p[k].includeArticle ? ', ال included' : ', ال left out') : ''}`)
      .join('; ');
    let taggerLine = 'tagger: not used';
    if (recommenders.includes('tagger')) {
      const q = tagger?.model.quality ?? null;
      taggerLine =
        tagger === null
          ? 'tagger: nothing to learn from (no annotated documents)'
          : `tagger: trained on ${tagger.model.trained.documents} documents (${tagger.model.trained.mentions} mentions), ` +
            (q === null ? 'too few documents to hold any out' : `held-out F1 ${q.f1.toFixed(3)} (P ${q.precision.toFixed(3)}, R ${q.recall.toFixed(3)}, ${q.documents} documents)`) +
            ((q?.f1 ?? 0) < minF1 ? `: below --min-f1 ${minF1}, silent` : '');
    }
    io.stderr(
      `${counts.occurrences + counts.tagger} suggestions for ${annotator} in ${targets.length} documents (occurrences ${counts.occurrences}, tagger ${counts.tagger}); nothing written\n` +
        `occurrences: ${index.size} forms from ${annotated.length} annotated documents${gazetteer.length > 0 ? ` and ${gazetteer.length} gazetteer lines` : ''}; practice ${practice}\n${taggerLine}\n`,
    );
  });
}
