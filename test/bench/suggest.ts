/**
 * Measures the suggestions on the real corpora in ../shared/fixtures (or $QALAM_FIXTURES):
 * NEMO (Hebrew) as whole tokens (token-single: entities include their proclitics) and as
 * morphemes (token-multi + morph: entities are prefix-free stems inside the tokens), and
 * ANERcorp (Arabic, whole tokens). Part of `npm run bench` (runSuggestBench); alone:
 *
 *   npx tsx test/bench/suggest.ts [--quick] [--no-morph] [--json FILE]
 *
 * The last 20% of each corpus's sentences are kept aside as the test set. Sentences are grouped
 * into documents of 20 consecutive sentences (the corpora have no document boundaries we can
 * trust). Measures, beside the issue's targets:
 * - the tagger (trainWithHeldOut: its own held-out 20% of the training documents choose its O
 *   bias): exact span+type P/R/F1 and token-level F1 on the test set after 50, 200, 1,000 and all
 *   training sentences;
 * - training on the whole training file (every sentence, trainTagger), wall and CPU seconds (NEMO's
 *   tokens: the whole file in a --quick run too, beside the ≤ 20 s target);
 * - suggestions (occurrences, as the app's thread finds them, + tagger) for one 1 MB document made
 *   of the test sentences, with that whole-file model (its O biases those the held-out run chose)
 *   in a fresh Tagger (nothing cached; the Tagger's build, once per training in the app, apart);
 * - the simulated annotator (annotations/suggest/simulate.ts): cold start over every document of
 *   the file from an empty project (retrained when the finished sentences reach 50, 100, 200…),
 *   warm start over the test documents (first trained on the training documents, retrained with
 *   them every 25 documents): actions per gold mention
 *   (hand tag 2, accept 1, reject 1) overall and, cold, after the first 100 sentences;
 *   suggestion precision/recall/F1.
 * Times are wall clock and CPU (the machine is shared: wall alone says little).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FoldedTexts, ProjectOccurrences } from '../../annotations/suggest/projectOccurrences';
import { simulate, type Simulation, type SimulationDocument } from '../../annotations/suggest/simulate';
import { Tagger, evaluateTagger, trainTagger, trainWithHeldOut, type TaggerDocument, type TaggerModel } from '../../annotations/suggest/tagger';
import { cacheKey, cacheLookup, cachedFolder } from './cache';
import { FIXTURES, loadMorph, loadTokens, sentencesOf, toDocs, type Sentence } from './corpora';

export const SUGGEST_TARGETS = {
  tokenF1: 0.7,
  trainWholeNemoSeconds: 20,
  suggest1MBSeconds: 1,
  warmActionsPerMention: 1.2,
  coldActionsPerMentionAfter100: 1.6,
};

export interface SuggestCorpusResult {
  corpus: string;
  trainSentences: number;
  testSentences: number;
  /** `kept`: the model read from the setup cache (--quick), its training not timed (NaN). */
  curve: { sentences: number; p: number; r: number; f1: number; tokenF1: number; trainSeconds: number; trainCpuSeconds: number; oBias: number; kept?: boolean }[];
  model: { scheme: string; split: boolean; features: number; jsonMB: number; lexicon: number };
  /** trainTagger on every sentence of the file (`kept`: read from the setup cache, --quick, not NEMO's tokens: not timed). */
  trainWhole: { sentences: number; seconds: number; cpuSeconds: number; kept?: boolean };
  /** Occurrences and tagger on one 1 MB document (the whole-file model in a fresh Tagger: nothing cached; its build apart). */
  suggest1MB: { bytes: number; tokens: number; seconds: number; cpuSeconds: number; taggerSeconds: number; taggerCpuSeconds: number; occurrencesSeconds: number; occurrencesCpuSeconds: number; buildCpuSeconds: number; modelSentences: number };
  simulation: Record<'cold' | 'warm', SimSummary> | null;
}

interface SimSummary {
  documents: number;
  mentions: number;
  actionsPerMention: number;
  actionsPerMentionAfter100: number;
  precision: number;
  recall: number;
  f1: number;
  accepted: number;
  rejected: number;
  trainings: number;
  trainSeconds: number;
  predictMsPer1000Tokens: number;
  cpuSeconds: number;
}

const fmt = (x: number, d = 3): string => x.toFixed(d);

function cpuSince(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

function timed<T>(f: () => T): { value: T; seconds: number; cpuSeconds: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = f();
  return { value, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSince(c0) };
}

/** How a model was had: trained in this run (timed), or read from the setup cache (its training not timed: NaN). */
type Trained = { value: TaggerModel; seconds: number; cpuSeconds: number; cached: boolean };

/**
 * The cache key of the model `train` makes from `docs`: one entry per `name` (cache.ts keeps one
 * version of each), keyed by the pure core's sources, the training's source and the documents.
 */
export function modelKey(name: string, docs: readonly TaggerDocument[], train: () => TaggerModel): string {
  const data = createHash('sha256').update(JSON.stringify(docs)).digest('hex');
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return cacheKey(`suggest-model-${slug}`, train, { name, data }, 'tagger');
}

/**
 * The model `train` makes from `docs` (`name`: the corpus and which training: one cache entry each),
 * kept in the setup cache (cache.ts, kind 'tagger': keyed by every source of the pure core the
 * training runs and by the documents themselves), when `keep`: --quick's models that no target
 * times (the F1 curve's, the whole-file models of NEMO morph and ANERcorp). The training is
 * seeded and reads no clock, so a kept model is the model this run would train: what is measured
 * of it (F1, the suggestions of the 1 MB document) is the same; only its training is not timed
 * (the full run times every training; NEMO's whole-file training, which has a target, is always
 * timed). `keep` false: trained and timed, as before.
 */
export function trainedModel(name: string, docs: readonly TaggerDocument[], train: () => TaggerModel, keep: boolean): Trained {
  if (!keep) return { ...timed(train), cached: false };
  const key = modelKey(name, docs, train);
  const hit = cacheLookup(key);
  if (hit !== null) return { value: JSON.parse(readFileSync(join(hit, 'model.json'), 'utf8')) as TaggerModel, seconds: NaN, cpuSeconds: NaN, cached: true };
  let made: ReturnType<typeof timed<TaggerModel>> | null = null;
  const dir = cachedFolder(key, (d) => {
    made = timed(train);
    writeFileSync(join(d, 'model.json'), JSON.stringify(made.value));
  });
  // (cachedFolder builds when the cache is off too: the model is the one just trained)
  if (made === null) return { value: JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as TaggerModel, seconds: NaN, cpuSeconds: NaN, cached: true };
  return { ...(made as ReturnType<typeof timed<TaggerModel>>), cached: false };
}

/** One document of about `bytes` UTF-8 bytes: the test documents' text, repeated. */
/** The test documents repeated, whole, until the text reaches `bytes` of UTF-8 (not the whole set each time round: that made the "1 MB" document 1.10 MB). */
function bigText(docs: TaggerDocument[], bytes: number): string {
  let text = '';
  let size = 0;
  for (let k = 0; size < bytes; k = (k + 1) % docs.length) {
    const d = (docs[k] as TaggerDocument).text;
    text += d;
    size += Buffer.byteLength(d);
  }
  return text;
}

function summary(r: Simulation, cpuSeconds: number): SimSummary {
  return {
    documents: r.documents.length,
    mentions: r.total.gold,
    actionsPerMention: r.total.actionsPerMention,
    actionsPerMentionAfter100: r.after.actionsPerMention,
    precision: r.total.precision,
    recall: r.total.recall,
    f1: r.total.f1,
    accepted: r.total.accepted,
    rejected: r.total.rejected,
    trainings: r.trainings.length,
    trainSeconds: r.trainMs / 1000,
    predictMsPer1000Tokens: r.predictMsPer1000Tokens,
    cpuSeconds,
  };
}

function measure(corpus: string, sentences: Sentence[], opts: { quick: boolean; simulate: boolean; wholeFile?: boolean; keepModels?: boolean; log: (s: string) => void }): SuggestCorpusResult {
  const { log } = opts;
  const all = opts.quick ? sentences.slice(0, 1000) : sentences;
  const cut = Math.floor(all.length * 0.8);
  const train = toDocs(all.slice(0, cut));
  const test = toDocs(all.slice(cut));
  const curve: SuggestCorpusResult['curve'] = [];
  let last: Tagger | null = null;
  const steps = [50, 200, 1000, cut].filter((n, i, a) => n <= cut && a.indexOf(n) === i);
  const keep = opts.keepModels === true;
  const trainedIn = (t: Trained): string => (t.cached ? 'kept from an earlier --quick run (setup cache: the same inputs and code; its training not timed)' : `${fmt(t.seconds, 1)} s (CPU ${fmt(t.cpuSeconds, 1)} s)`);
  for (const n of steps) {
    const docs = sentencesOf(train, n);
    const t = trainedModel(`${corpus} held-out ${n}`, docs, () => trainWithHeldOut(docs, { seed: 1 }), keep);
    const tagger = new Tagger(t.value);
    const e = evaluateTagger(tagger, test);
    curve.push({ sentences: n, p: e.precision, r: e.recall, f1: e.f1, tokenF1: e.token?.f1 ?? 0, trainSeconds: t.seconds, trainCpuSeconds: t.cpuSeconds, oBias: t.value.oBias ?? 0, ...(t.cached ? { kept: true } : {}) });
    last = tagger;
    log(`  ${corpus}: ${n} sentences: P ${fmt(e.precision)} R ${fmt(e.recall)} F1 ${fmt(e.f1)} token F1 ${fmt(e.token?.f1 ?? 0)} (O bias ${t.value.oBias ?? 0}), model trained with its held-out run ${t.cached ? '' : 'in '}${trainedIn(t)}`);
  }
  const m = (last as Tagger).model;
  const whole = toDocs(all);
  // the whole file even in a --quick run where a target is on it (NEMO's tokens; always timed)
  const file = opts.wholeFile === true ? sentences : all;
  const fileDocs = file === all ? whole : toDocs(file);
  const tw = trainedModel(`${corpus} whole ${file.length}`, fileDocs, () => trainTagger(fileDocs, { seed: 1 }), keep && opts.wholeFile !== true);
  log(`  ${corpus}: training on all ${file.length} sentences: ${trainedIn(tw)}`);

  // suggestions for one 1 MB document: occurrences (from the training documents) and the tagger, nothing cached
  const text = bigText(test, 1_000_000);
  // as the app's occurrences thread finds them (annotations/suggest/projectOccurrences.ts); the first find folds the document
  const index = new ProjectOccurrences(new FoldedTexts(), 0.5);
  train.forEach((d, i) => index.setDocument(String(i).padStart(6, '0'), d.text, d.mentions));
  // the whole-file model, with the O biases its held-out run chose (trainTagger alone has none)
  const wholeModel: TaggerModel = { ...(JSON.parse(JSON.stringify(tw.value)) as TaggerModel), quality: m.quality, oBias: m.oBias ?? 0, suggestBias: m.suggestBias ?? m.oBias ?? 0 };
  const build = timed(() => new Tagger(wholeModel));
  const fresh = build.value;
  const big = { id: 'big', text, mentions: [] };
  const occ = timed(() => index.find(big));
  const tag = timed(() => fresh.suggest(big, 0));
  const tokens = text.split(/\s+/u).length;
  const suggest1MB = {
    bytes: Buffer.byteLength(text),
    tokens,
    seconds: occ.seconds + tag.seconds,
    cpuSeconds: occ.cpuSeconds + tag.cpuSeconds,
    taggerSeconds: tag.seconds,
    taggerCpuSeconds: tag.cpuSeconds,
    occurrencesSeconds: occ.seconds,
    occurrencesCpuSeconds: occ.cpuSeconds,
    buildCpuSeconds: build.cpuSeconds,
    modelSentences: file.length,
  };
  log(
    `  ${corpus}: suggestions for a ${fmt(suggest1MB.bytes / 1e6, 2)} MB document (model of ${file.length} sentences, ${tag.value.length} from the tagger): ${fmt(suggest1MB.seconds, 2)} s (CPU ${fmt(suggest1MB.cpuSeconds, 2)} s; occurrences ${fmt(occ.seconds, 2)} s, CPU ${fmt(occ.cpuSeconds, 2)}; tagger ${fmt(tag.seconds, 2)} s, CPU ${fmt(tag.cpuSeconds, 2)}; the Tagger's build, once per training, CPU ${fmt(build.cpuSeconds, 2)} s)`,
  );

  let simulation: SuggestCorpusResult['simulation'] = null;
  if (opts.simulate) {
    const asReplay = (docs: TaggerDocument[]): SimulationDocument[] => docs.map((d, i) => ({ id: String(i), text: d.text, mentions: d.mentions }));
    const clock = (): number => performance.now();
    // cold: the whole file from an empty project; warm: the test documents after a model of the training ones
    const cold = timed(() => simulate(asReplay(whole), { seed: 1, clock }));
    const warm = timed(() => simulate(asReplay(test), { seed: 1, clock, retrain: 25, warm: { documents: train } }));
    simulation = { cold: summary(cold.value, cold.cpuSeconds), warm: summary(warm.value, warm.cpuSeconds) };
    for (const [k, s] of Object.entries(simulation)) {
      log(
        `  ${corpus}: simulated annotator, ${k} start: ${fmt(s.actionsPerMention, 2)} actions per mention (after the first 100 sentences ${fmt(s.actionsPerMentionAfter100, 2)}), ` +
          `suggestions P ${fmt(s.precision)} R ${fmt(s.recall)} F1 ${fmt(s.f1)}; ${s.trainings} trainings ${fmt(s.trainSeconds, 1)} s; ${fmt(s.predictMsPer1000Tokens, 1)} ms per 1,000 tokens; CPU ${fmt(s.cpuSeconds, 0)} s`,
      );
    }
  }
  return {
    corpus,
    trainSentences: cut,
    testSentences: all.length - cut,
    curve,
    model: { scheme: m.scheme, split: m.split, features: Object.keys(m.weights).length, jsonMB: JSON.stringify(m).length / 1e6, lexicon: Object.keys(m.lexicon ?? {}).length },
    trainWhole: { sentences: file.length, seconds: tw.seconds, cpuSeconds: tw.cpuSeconds, ...(tw.cached ? { kept: true } : {}) },
    suggest1MB,
    simulation,
  };
}

/** The suggestions' figures beside issue 13's targets, one line each (for the bench's final table). */
export function suggestTargetLines(r: { corpora: SuggestCorpusResult[] } | null): string[] {
  if (r === null) return [];
  const T = SUGGEST_TARGETS;
  const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  const out: string[] = [];
  for (const c of r.corpora) {
    const last = c.curve[c.curve.length - 1];
    const s = c.suggest1MB;
    const parts = [`token F1 ${fmt(last?.tokenF1 ?? 0)} (target ≥ ${T.tokenF1}: ${met((last?.tokenF1 ?? 0) >= T.tokenF1)})`];
    if (c.corpus.startsWith('NEMO token')) {
      parts.push(`training on the whole file (${c.trainWhole.sentences} sentences) ${fmt(c.trainWhole.seconds, 1)} s, CPU ${fmt(c.trainWhole.cpuSeconds, 1)} s (target ≤ ${T.trainWholeNemoSeconds} s: ${met(c.trainWhole.seconds <= T.trainWholeNemoSeconds)})`);
    }
    parts.push(
      `suggestions for a ${fmt(s.bytes / 1e6, 2)} MB document (model of ${s.modelSentences} sentences) ${fmt(s.seconds, 2)} s, CPU ${fmt(s.cpuSeconds, 2)} s: occurrences ${fmt(s.occurrencesCpuSeconds, 2)} + tagger ${fmt(s.taggerCpuSeconds, 2)} (target ≤ ${T.suggest1MBSeconds} s: ${met(s.seconds <= T.suggest1MBSeconds)}${s.cpuSeconds <= T.suggest1MBSeconds && s.seconds > T.suggest1MBSeconds ? ', in CPU time met' : ''})`,
    );
    out.push(`${c.corpus}: ${parts.join('; ')}`);
  }
  return out;
}

/** Runs the suggestions bench, prints its tables through `log` and returns the figures. */
export function runSuggestBench(options: { quick?: boolean; morph?: boolean; keepModels?: boolean; log?: (s: string) => void } = {}): { date: string; machine: string; targets: typeof SUGGEST_TARGETS; corpora: SuggestCorpusResult[] } {
  const log = options.log ?? ((s: string) => console.log(s));
  const quick = options.quick ?? false;
  const keepModels = options.keepModels ?? false;
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  log(`suggestions on ${FIXTURES}${quick ? ' (quick: first 1,000 sentences)' : ''}`);
  const results: SuggestCorpusResult[] = [];
  results.push(measure('NEMO token-single (he)', loadTokens('nemo-train/token-single_gold_train.bmes'), { quick, simulate: true, wholeFile: true, keepModels, log }));
  if (options.morph !== false) results.push(measure('NEMO morph (he)', loadMorph(), { quick, simulate: false, keepModels, log }));
  results.push(measure('ANERcorp (ar)', loadTokens('anercorp-train/train_data.txt'), { quick, simulate: true, keepModels, log }));
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg()[0]?.toFixed(1)}, Node ${process.version}`;
  const T = SUGGEST_TARGETS;
  log(`\n${new Date().toISOString().slice(0, 10)}, ${machine}, ${fmt((performance.now() - started) / 1000, 0)} s (CPU ${fmt(cpuSince(startedCpu), 0)} s)\n`);
  log(`| corpus (train / test sentences) | F1 @50 | @200 | @1000 | @all: P / R / F1 | token F1 @all (target ≥ ${T.tokenF1}) | train on the whole file, s (CPU) | 1 MB document, s (CPU) (target ≤ ${T.suggest1MBSeconds}) |`);
  log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const at = (n: number): string => {
      const c = r.curve.find((x) => x.sentences === n);
      return c ? fmt(c.f1) : '-';
    };
    const p = r.curve[r.curve.length - 1] as SuggestCorpusResult['curve'][number];
    log(
      `| ${r.corpus}, ${r.trainSentences} / ${r.testSentences} | ${at(50)} | ${at(200)} | ${at(1000)} | ${fmt(p.p)} / ${fmt(p.r)} / ${fmt(p.f1)} | ${fmt(p.tokenF1)} | ${fmt(r.trainWhole.seconds, 1)} (${fmt(r.trainWhole.cpuSeconds, 1)})${r.corpus.startsWith('NEMO token') ? ` (target ≤ ${T.trainWholeNemoSeconds})` : ''} | ${fmt(r.suggest1MB.seconds, 2)} (${fmt(r.suggest1MB.cpuSeconds, 2)}) |`,
    );
  }
  log(`\nSimulated annotator (hand tag 2, accept 1, accept as another type 1, reject 1, accept all 1 + 2 per wrong one it took, from score 0.8; by hand 2.00 per mention): actions per gold mention / suggestion P / R / F1`);
  log(`| corpus | cold start: mentions | all | after the first 100 sentences (target ≤ ${T.coldActionsPerMentionAfter100}) | warm start: mentions | all (target ≤ ${T.warmActionsPerMention}) |`);
  log('| --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    if (r.simulation === null) continue;
    const { cold, warm } = r.simulation;
    log(
      `| ${r.corpus} | ${cold.mentions} | ${fmt(cold.actionsPerMention, 2)} / ${fmt(cold.precision, 2)} / ${fmt(cold.recall, 2)} / ${fmt(cold.f1, 2)} | ${fmt(cold.actionsPerMentionAfter100, 2)} | ${warm.mentions} | ${fmt(warm.actionsPerMention, 2)} / ${fmt(warm.precision, 2)} / ${fmt(warm.recall, 2)} / ${fmt(warm.f1, 2)} |`,
    );
  }
  return { date: new Date().toISOString(), machine, targets: SUGGEST_TARGETS, corpora: results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const jsonAt = process.argv.indexOf('--json');
  const out = runSuggestBench({ quick: process.argv.includes('--quick'), morph: !process.argv.includes('--no-morph') });
  if (jsonAt > 0 && process.argv[jsonAt + 1]) writeFileSync(process.argv[jsonAt + 1] as string, JSON.stringify(out, null, 2));
}
