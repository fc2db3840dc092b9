/**
 * `qalam train` and `qalam simulate`: the tagger's held-out figures for an annotator's set, and
 * the measured help of the suggestions (annotations/suggest/simulate.ts) on a gold set. Read the
 * project through the service's API only; nothing is written to it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ParseArgsConfig } from 'node:util';
import { CoreError } from '../../annotations/errors';
import { simulate, type Simulation, type SimulationDocument } from '../../annotations/suggest/simulate';
import { MIN_PARTS, MIN_SINGLE_DOCUMENT_MENTIONS, heldOutUnits } from '../../annotations/suggest/sample';
import { trainWithHeldOut, type TaggerModel } from '../../annotations/suggest/tagger';
import type { QalamService } from '../service';
import { UsageError } from './output';
import { list, minF1Of, readGazetteer, wholeNumber } from './suggestOptions';

export const SIMULATE_USAGE = `  train <project.qalam> [--annotator NAME] [--out MODEL.json] [--seed N] [--json]
      Train the suggestions' tagger on NAME's annotated documents (default: the current annotator)
      and print its figures on held-out documents (20%, a seeded choice): exact span and type,
      and token-level precision, recall and F1. --out writes the model (for simulate --warm).
  simulate <project.qalam> --gold SET [--warm MODEL.json|SET] [--retrain-every N] [--documents ID,ID...]
           [--recommenders occurrences,tagger] [--gazetteer FILE] [--min-f1 X] [--seed N]
           [--accept-all-from S|none] [--json]
      Replay the documents SET annotated, in order, as an annotator who accepts each right
      suggestion (1 action), accepts one with a gold span but another type with that type's key
      (1), rejects each wrong one (1) and tags the rest by hand (2: select + key; a wrong boundary
      costs reject + hand tag = 3); in a document where it costs fewer actions, accept all takes
      the suggestions scoring S or more (0.8, the app's default; 1 key, then select + key = 2 to
      delete or retype each wrong one it took; none: never), and o + Enter after a hand tag (2)
      tags its form's other occurrences in the document (2 more per wrong one), the recommenders learning from each
      finished document: the tagger retrained every N documents (default: when the finished
      sentences reach 50, 100, 200...), silent below held-out F1 X (0.5). Cold start by default;
      --warm: a model from train --out, or another set whose other documents the tagger learns
      first. Prints actions per gold mention against 2.0 by hand, suggestion precision, recall
      and F1 per document and overall (and after the first 100 sentences), training and
      prediction times; --json: all of it as one JSON object. Nothing is written.
`;

type Parse = (args: string[], options: NonNullable<ParseArgsConfig['options']>) => { values: Record<string, string | boolean | undefined>; positionals: string[] };
type WithProject = <T>(path: string, fn: (service: QalamService) => T) => T;
type Io = { stdout: (s: string) => void; stderr: (s: string) => void };

const RECOMMENDERS = ['occurrences', 'tagger'] as const;

/** The documents of a set that has mentions in them (in the project's order), with those mentions. */
function setDocuments(service: QalamService, annotator: string): SimulationDocument[] {
  const out: SimulationDocument[] = [];
  for (const d of service.call('documents.list', {})) {
    const mentions = service.call('mentions.list', { docId: d.id, annotator }).map((m) => ({ start: m.start, end: m.end, type: m.type }));
    if (mentions.length === 0) continue;
    out.push({ id: d.id, text: service.call('documents.get', { id: d.id }).text, mentions });
  }
  return out;
}

const f3 = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : x.toFixed(3));

export function trainCommand(args: string[], io: Io, parse: Parse, withProject: WithProject): void {
  const { values, positionals } = parse(args, { annotator: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length < 1) throw new UsageError('train: missing the project file (qalam train <project.qalam>)');
  if (positionals.length > 1) throw new UsageError(`train: unexpected argument ${JSON.stringify(positionals[1])}`);
  const seed = wholeNumber('train', 'seed', values['seed'] as string | undefined, 1, 0);
  withProject(positionals[0] as string, (service) => {
    const annotator = (values['annotator'] as string | undefined) ?? service.call('session.get', {}).annotator;
    if (annotator === null || annotator === '') throw new UsageError('train: no current annotator in this project: give --annotator NAME');
    const docs = setDocuments(service, annotator);
    if (docs.length === 0) throw new CoreError('not-found', `train: ${annotator} has no annotated document in ${positionals[0] as string}`);
    const t0 = performance.now();
    // one document (a corpus imported whole): trained and held out by parts, as the window's tagger is
    const units = heldOutUnits(docs);
    const model = trainWithHeldOut(units.docs, { seed });
    const seconds = (performance.now() - t0) / 1000;
    const out = values['out'] as string | undefined;
    if (out !== undefined) writeFileSync(out, `${JSON.stringify(model)}\n`);
    const q = model.quality;
    if (values['json'] === true) {
      io.stdout(`${JSON.stringify({ annotator, documents: docs.length, ...(units.unit === 'parts' ? { parts: units.docs.length } : {}), trained: model.trained, scheme: model.scheme, split: model.split, oBias: model.oBias ?? 0, quality: q, heldOut: units.unit, seconds, out: out ?? null })}\n`);
      return;
    }
    io.stdout(
      `tagger for ${annotator}: averaged perceptron, ${model.scheme.toUpperCase()} tags over ${model.split ? 'proclitics and stems' : 'words'}, ` +
        `trained on ${docs.length} ${docs.length === 1 ? 'document' : 'documents'}${units.unit === 'parts' ? ` (cut into ${units.docs.length} parts of whole paragraphs)` : ''} (${model.trained.sentences} sentences, ${model.trained.mentions} mentions) in ${seconds.toFixed(1)} s\n`,
    );
    if (q === null) {
      const why =
        units.waiting === 'mentions' && docs.length === 1
          ? `a single document with fewer than ${MIN_SINGLE_DOCUMENT_MENTIONS} mentions`
          : units.waiting === 'parts'
            ? `a single document that does not cut into ${MIN_PARTS} parts`
            : 'too few documents';
      io.stdout(`held-out: none (${why}: two documents or more are needed, or one with ${MIN_SINGLE_DOCUMENT_MENTIONS} mentions or more in ${MIN_PARTS} parts or more)\n`);
    } else {
      const held = units.unit === 'parts' ? `${q.documents} parts of 1 document` : `${q.documents} documents`;
      io.stdout(`held-out (${held}, ${q.gold} mentions): exact span and type P ${f3(q.precision)} R ${f3(q.recall)} F1 ${f3(q.f1)}; `);
      io.stdout(`tokens P ${f3(q.token?.precision)} R ${f3(q.token?.recall)} F1 ${f3(q.token?.f1)}; O bias ${model.oBias ?? 0}\n`);
    }
    if (out !== undefined) io.stdout(`model written to ${out}\n`);
  });
}

function readModel(file: string): TaggerModel {
  let model: unknown;
  try {
    model = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CoreError('invalid-argument', `${file}: not a tagger model written by qalam train --out (${(e as Error).message})`, { file });
  }
  if (model === null || typeof model !== 'object' || (model as { kind?: unknown }).kind !== 'qalam-tagger') {
    throw new CoreError('invalid-argument', `${file}: not a tagger model written by qalam train --out`, { file });
  }
  return model as TaggerModel;
}

function printSimulation(io: Io, gold: string, warm: string | null, r: Simulation): void {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  io.stdout(
    `simulated annotation of ${gold}'s ${r.documents.length} documents (${r.total.sentences} sentences, ${r.total.gold} mentions), ${r.scenario} start${warm === null ? '' : ` from ${warm}`}; ` +
      `costs: hand tag ${r.costs.hand}, accept ${r.costs.accept}, accept as another type ${r.costs.retype}, reject ${r.costs.reject}, ` +
      `accept all ${r.costs.acceptAll} (${r.acceptAllFrom === null ? 'not used' : `from score ${r.acceptAllFrom}`}) and ${r.costs.fix} per wrong one it took, ` +
      `o + Enter after a hand tag ${r.costs.propagate} and ${r.costs.fix} per wrong occurrence it tagged (by hand: ${r.costs.hand}.0 per mention); ` +
      `tagger retrained ${r.retrain === 'doubling' ? 'when the finished sentences reach 50, 100, 200...' : `every ${r.retrain} documents`}\n`,
  );
  io.stdout('document  sentences  mentions  suggested  accepted  rejected  by hand  actions/mention  P      R      F1\n');
  for (const d of r.documents) {
    io.stdout(
      `${d.id.padEnd(9)} ${String(d.sentences).padStart(9)} ${String(d.gold).padStart(9)} ${String(d.suggested).padStart(10)} ${String(d.accepted).padStart(9)} ${String(d.rejected).padStart(9)} ${String(d.hand).padStart(8)}  ${d.gold === 0 ? '-'.padStart(15) : d.actionsPerMention.toFixed(2).padStart(15)}  ${f3(d.precision)}  ${f3(d.recall)}  ${f3(d.f1)}\n`,
    );
  }
  for (const t of r.trainings) {
    io.stdout(
      `trained after ${t.documents} documents (${t.sentences} sentences) on ${t.trainedOn} documents in ${(t.ms / 1000).toFixed(1)} s: held-out F1 ${f3(t.heldOutF1)} (tokens ${f3(t.heldOutTokenF1)})${t.kept === 'warm' ? ', the warm model kept (better)' : ''}\n`,
    );
  }
  const line = (what: string, x: Simulation['total']): string =>
    `${what}: ${x.actions} actions for ${x.gold} mentions = ${x.gold === 0 ? '-' : x.actionsPerMention.toFixed(2)} per mention (by hand 2.00); ` +
    `${x.accepted} accepted (${x.gold === 0 ? '-' : pct(x.accepted / x.gold)}; ${x.acceptedAll} of them by accept all, pressed in ${x.acceptAll} documents), ${x.retyped} accepted as another type, ` +
    `${x.rejected} rejected, ${x.fixed} taken by accept all and fixed (wrong: ${x.wrongBoundary} boundary, ${x.wrongType} type), ${x.hand} by hand, ` +
    `${x.propagated} by o + Enter (${x.propagations} times, ${x.propagatedWrong} wrong ones deleted); ` +
    `suggestions P ${f3(x.precision)} R ${f3(x.recall)} F1 ${f3(x.f1)}\n`;
  io.stdout(line('overall', r.total));
  io.stdout(r.after.documents === 0 ? `after the first ${r.after.afterSentences} sentences: no documents left\n` : line(`after the first ${r.after.afterSentences} sentences (${r.after.documents} documents)`, r.after));
  io.stdout(`times: training ${(r.trainMs / 1000).toFixed(1)} s in ${r.trainings.length} trainings; suggestions ${(r.predictMs / 1000).toFixed(2)} s (${r.predictMsPer1000Tokens.toFixed(1)} ms per 1,000 tokens)\n`);
}

export function simulateCommand(args: string[], io: Io, parse: Parse, withProject: WithProject): void {
  const { values, positionals } = parse(args, {
    gold: { type: 'string' },
    warm: { type: 'string' },
    'retrain-every': { type: 'string' },
    documents: { type: 'string' },
    recommenders: { type: 'string' },
    gazetteer: { type: 'string' },
    'min-f1': { type: 'string' },
    seed: { type: 'string' },
    'accept-all-from': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length < 1) throw new UsageError('simulate: missing the project file (qalam simulate <project.qalam> --gold SET)');
  if (positionals.length > 1) throw new UsageError(`simulate: unexpected argument ${JSON.stringify(positionals[1])}`);
  const gold = values['gold'] as string | undefined;
  if (gold === undefined || gold === '') throw new UsageError('simulate: --gold SET is required (the annotation set to replay)');
  const recommenders = values['recommenders'] === undefined ? [...RECOMMENDERS] : list(values['recommenders']);
  for (const r of recommenders) {
    if (!(RECOMMENDERS as readonly string[]).includes(r)) throw new UsageError(`simulate: unknown recommender ${JSON.stringify(r)} (known: ${RECOMMENDERS.join(', ')})`);
  }
  if (recommenders.length === 0) throw new UsageError('simulate: --recommenders needs at least one of occurrences, tagger');
  const minF1 = minF1Of('simulate', values['min-f1'] as string | undefined);
  const seed = wholeNumber('simulate', 'seed', values['seed'] as string | undefined, 1, 0);
  const every = values['retrain-every'] === undefined ? undefined : wholeNumber('simulate', 'retrain-every', values['retrain-every'] as string, 1, 1);
  const gazetteer = readGazetteer(values['gazetteer'] as string | undefined);
  const warmArg = values['warm'] as string | undefined;
  const warmModel = warmArg !== undefined && warmArg.endsWith('.json') && existsSync(warmArg) ? readModel(warmArg) : null;
  const wanted = list(values['documents']);
  const allFrom = values['accept-all-from'] as string | undefined;
  let acceptAllFrom: number | null = 0.8;
  if (allFrom === 'none') acceptAllFrom = null;
  else if (allFrom !== undefined) {
    acceptAllFrom = Number(allFrom);
    if (!/^\d*\.?\d+$/.test(allFrom) || !(acceptAllFrom >= 0 && acceptAllFrom <= 1)) throw new UsageError(`simulate: --accept-all-from must be a score from 0 to 1 or none, not ${JSON.stringify(allFrom)}`);
  }

  withProject(positionals[0] as string, (service) => {
    let docs = setDocuments(service, gold);
    if (wanted.length > 0) {
      const known = new Set(docs.map((d) => d.id));
      for (const id of wanted) if (!known.has(id)) throw new CoreError('not-found', `simulate: ${gold} has no mention in a document ${JSON.stringify(id)} of ${positionals[0] as string}`);
      docs = docs.filter((d) => wanted.includes(d.id));
    }
    if (docs.length === 0) throw new CoreError('not-found', `simulate: the set ${JSON.stringify(gold)} has no annotated document in ${positionals[0] as string}`);
    let warm: { documents?: SimulationDocument[]; model?: TaggerModel } | undefined;
    if (warmModel !== null) warm = { model: warmModel };
    else if (warmArg !== undefined) {
      if (warmArg === gold) throw new UsageError('simulate: --warm must be another set than --gold (or a model file)');
      const replayed = new Set(docs.map((d) => d.id));
      const other = setDocuments(service, warmArg).filter((d) => !replayed.has(d.id));
      if (other.length === 0) throw new CoreError('not-found', `simulate: --warm ${JSON.stringify(warmArg)} is neither a model file (.json) nor a set with annotated documents other than the replayed ones`);
      warm = { documents: other };
    }
    const r = simulate(docs, {
      recommenders: recommenders as ('occurrences' | 'tagger')[],
      ...(every === undefined ? {} : { retrain: every }),
      seed,
      minF1,
      acceptAllFrom,
      gazetteer,
      ...(warm === undefined ? {} : { warm }),
      clock: () => performance.now(),
    });
    if (values['json'] === true) io.stdout(`${JSON.stringify({ gold, warm: warmArg ?? null, recommenders, ...r })}\n`);
    else printSimulation(io, gold, warmArg ?? null, r);
  });
}
