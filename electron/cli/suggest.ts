/**
 * `qalam suggest`: the suggestions of annotations/suggest for a project, printed as JSONL, with
 * nothing written to the project. Reads the project through the service's API only.
 */
import type { ParseArgsConfig } from 'node:util';
import { CoreError } from '../../annotations/errors';
import type { Suggestion, SuggestDocument } from '../../annotations/suggest/occurrences';
import { ProjectOccurrences } from '../../annotations/suggest/projectOccurrences';
import { heldOutUnits } from '../../annotations/suggest/sample';
import { Tagger, trainWithHeldOut } from '../../annotations/suggest/tagger';
import type { QalamService } from '../service';
import { checkEndpointUrl, endpointTypes, suggestFromEndpoint } from '../service/recommenderEndpoint';
import { UsageError } from './output';
import { list, minF1Of, readGazetteer, wholeNumber } from './suggestOptions';

export const SUGGEST_USAGE = `  suggest <project.qalam> [--annotator NAME] [--documents ID,ID...] [--gazetteer FILE]
          [--recommenders occurrences,tagger,URL] [--min-f1 X] [--seed N] [--endpoint-timeout MS]
      Suggestions for NAME's set (default: the current annotator), one JSON line each on standard
      output ({"docId","start","end","type","text","source","score"}, code points); nothing is
      written. occurrences: every other occurrence of a form NAME tagged (or FILE lists,
      "form<TAB>type" per line), also after Hebrew and Arabic proclitics; tagger: a model trained
      on NAME's annotated documents, silent when its F1 on held-out documents is below X (0.5);
      URL: an external recommender on this machine (http://127.0.0.1:PORT/PATH, localhost or
      [::1]) sent POST {text, lang, schema, offsets} per document, answering
      [{start, end, type, score}] in code points within MS (30000); every item it answered that is
      refused is listed. A summary goes to standard error.
`;

type Parse = (args: string[], options: NonNullable<ParseArgsConfig['options']>) => { values: Record<string, string | boolean | undefined>; positionals: string[] };
type WithProject = <T>(path: string, fn: (service: QalamService) => T) => T;

const RECOMMENDERS = ['occurrences', 'tagger'] as const;
const isUrl = (r: string) => /^https?:\/\//i.test(r);
const byPlace = (a: Suggestion, b: Suggestion) => a.start - b.start || a.end - b.end || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);
const overlaps = (a: { start: number; end: number }, list: readonly { start: number; end: number }[]) => list.some((o) => o.start < a.end && a.start < o.end);

/** Runs synchronously, or answers a promise when an external recommender is asked (the CLI waits for it). */
export function suggestCommand(args: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }, parse: Parse, withProject: WithProject): void | Promise<void> {
  const { values, positionals } = parse(args, {
    annotator: { type: 'string' },
    documents: { type: 'string' },
    gazetteer: { type: 'string' },
    recommenders: { type: 'string' },
    'min-f1': { type: 'string' },
    seed: { type: 'string' },
    'endpoint-timeout': { type: 'string' },
  });
  if (positionals.length < 1) throw new UsageError('suggest: missing the project file (qalam suggest <project.qalam>)');
  if (positionals.length > 1) throw new UsageError(`suggest: unexpected argument ${JSON.stringify(positionals[1])}`);
  const recommenders = values['recommenders'] === undefined ? [...RECOMMENDERS] : list(values['recommenders']);
  const urls = recommenders.filter(isUrl);
  for (const r of recommenders) {
    if (!isUrl(r) && !(RECOMMENDERS as readonly string[]).includes(r)) throw new UsageError(`suggest: unknown recommender ${JSON.stringify(r)} (known: ${RECOMMENDERS.join(', ')}, or a URL on this machine)`);
  }
  if (recommenders.length === 0) throw new UsageError('suggest: --recommenders needs at least one of occurrences, tagger, a URL');
  if (urls.length > 1) throw new UsageError('suggest: --recommenders takes one URL');
  let endpoint: URL | null = null;
  if (urls[0] !== undefined) {
    try {
      endpoint = checkEndpointUrl(urls[0]);
    } catch (e) {
      throw new UsageError(`suggest: ${(e as Error).message}`);
    }
  }
  const timeoutMs = wholeNumber('suggest', 'endpoint-timeout', values['endpoint-timeout'] as string | undefined, 30_000, 100);
  const minF1 = minF1Of('suggest', values['min-f1'] as string | undefined);
  const seed = wholeNumber('suggest', 'seed', values['seed'] as string | undefined, 1, 0);
  const gazetteer = readGazetteer(values['gazetteer'] as string | undefined);
  const wanted = list(values['documents']);

  const done = withProject(positionals[0] as string, (service) => {
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

    const index = new ProjectOccurrences();
    for (const d of annotated) index.setDocument(d.id, d.text, d.mentions);
    for (const g of gazetteer) index.addForm(g.form, g.type);
    let tagger: Tagger | null = null;
    // one annotated document (a corpus imported whole): trained and held out by parts, as the window's tagger is
    const units = heldOutUnits(annotated);
    if (recommenders.includes('tagger') && annotated.length > 0) tagger = new Tagger(trainWithHeldOut(units.docs, { seed, gazetteer }));

    const per = targets.map((d) => ({
      doc: d,
      lang: all.find((x) => x.id === d.id)?.lang ?? 'other',
      occ: recommenders.includes('occurrences') ? index.find(d) : [],
      tag: tagger ? tagger.suggest(d, minF1) : [],
    }));
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
          : `tagger: trained on ${annotated.length} ${annotated.length === 1 ? 'document' : 'documents'}${units.unit === 'parts' ? ` cut into ${units.docs.length} parts` : ''} (${tagger.model.trained.mentions} mentions), ` +
            (q === null
              ? 'too few documents to hold any out (two or more, or one with enough mentions to cut into parts)'
              : `held-out F1 ${q.f1.toFixed(3)} (P ${q.precision.toFixed(3)}, R ${q.recall.toFixed(3)}, ${q.documents} ${units.unit === 'parts' ? 'parts of 1 document' : 'documents'})`) +
            ((q?.f1 ?? 0) < minF1 ? `: below --min-f1 ${minF1}, silent` : '');
    }
    const summary = `occurrences: ${index.size} forms from ${annotated.length} annotated documents${gazetteer.length > 0 ? ` and ${gazetteer.length} gazetteer lines` : ''}; practice ${practice}\n${taggerLine}\n`;
    return { per, summary, annotator, types: endpointTypes(service.call('schema.get', {})) };
  });

  /** Prints the suggestions (occurrences first, then the endpoint's, then the tagger's where nothing overlaps) and the summary. */
  const print = (fromEndpoint: Map<string, Suggestion[]>, endpointLines: string) => {
    const counts = { occurrences: 0, endpoint: 0, tagger: 0 };
    for (const { doc, occ, tag } of done.per) {
      const ext = (fromEndpoint.get(doc.id) ?? []).filter((s) => !overlaps(s, occ) && !overlaps(s, doc.mentions));
      const own = tag.filter((s) => !overlaps(s, occ) && !overlaps(s, ext));
      counts.occurrences += occ.length;
      counts.endpoint += ext.length;
      counts.tagger += own.length;
      for (const s of [...occ, ...ext, ...own].sort(byPlace)) {
        io.stdout(`${JSON.stringify({ docId: s.docId, start: s.start, end: s.end, type: s.type, text: s.text, source: s.source, score: Number(s.score.toFixed(4)) })}\n`);
      }
    }
    const total = counts.occurrences + counts.endpoint + counts.tagger;
    io.stderr(
      `${total} suggestions for ${done.annotator} in ${done.per.length} documents (occurrences ${counts.occurrences}, ${endpoint ? `endpoint ${counts.endpoint}, ` : ''}tagger ${counts.tagger}); nothing written\n${done.summary}${endpointLines}`,
    );
  };
  if (endpoint === null) return print(new Map(), '');

  // the external recommender: one document after the other, nothing written
  const url = endpoint;
  return (async () => {
    const found = new Map<string, Suggestion[]>();
    let lines = '';
    let refused = 0;
    const failed: string[] = [];
    for (const { doc, lang } of done.per) {
      try {
        const r = await suggestFromEndpoint(url, { id: doc.id, text: doc.text, lang }, done.types, timeoutMs);
        found.set(doc.id, r.items);
        refused += r.refused.length;
        for (const x of r.refused) lines += `endpoint: document ${doc.id}, item ${x.index} refused: ${x.reason}\n`;
      } catch (e) {
        failed.push(doc.id);
        lines += `endpoint: document ${doc.id}: ${(e as Error).message}\n`;
      }
    }
    lines += `endpoint: ${url.href} answered for ${done.per.length - failed.length} of ${done.per.length} documents; ${refused} items refused\n`;
    print(found, lines);
    if (failed.length > 0) throw new Error(`suggest: the recommender at ${url.href} failed for ${failed.length} of ${done.per.length} documents (listed above)`);
  })();
}
