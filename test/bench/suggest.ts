/**
 * Measures the suggestions on the real corpora in ../shared/fixtures (or $QALAM_FIXTURES):
 * NEMO (Hebrew) as whole tokens (token-single: entities include their proclitics) and as
 * morphemes (token-multi + morph: entities are prefix-free stems inside the tokens), and
 * ANERcorp (Arabic, whole tokens).
 *
 *   npx tsx test/bench/suggest.ts [--quick] [--json FILE]
 *
 * The last 20% of each corpus's sentences are kept aside as the test set. Sentences are grouped
 * into documents of 20 consecutive sentences (the corpora have no document boundaries we can
 * trust). Prints:
 * - the tagger's learning curve: exact span+type P/R/F1 and token-level F1 on the test set
 *   after 50, 200, 1000 and all training sentences, training time, prediction time per 1,000 tokens;
 * - work saved: annotating every document in order, suggestions from what was tagged before
 *   (occurrences alone; occurrences + the tagger, retrained in the background when the tagged
 *   sentences double, silent below its held-out F1 threshold): the share of gold mentions that
 *   are only accepted (exact span and type), suggestion precision, and actions per gold mention
 *   (hand tag = 2, accept = 1, reject = 1; a wrong boundary = reject + hand tag).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { tokenize } from '../../annotations/tokenize';
import { OccurrenceIndex, type Suggestion } from '../../annotations/suggest/occurrences';
import { Tagger, trainTagger, trainWithHeldOut, type TaggerDocument } from '../../annotations/suggest/tagger';

import { FIXTURES, exact, loadMorph, loadTokens, sentencesOf, toDocs, tokenF1, type Sentence } from './corpora';
const QUICK = process.argv.includes('--quick');
const jsonAt = process.argv.indexOf('--json');
const JSON_OUT = jsonAt > 0 ? process.argv[jsonAt + 1] : undefined;
const MIN_F1 = 0.5;
/** Occurrences of forms the annotator tagged at fewer than half of their occurrences so far are not suggested. */
const MIN_RELIABILITY = 0.5;

const fmt = (x: number, d = 3): string => x.toFixed(d);

/** CPU time (user + system) since `c0`, in ms: the machine is shared, so wall time alone says little. */
function cpuSince(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

interface CorpusResult {
  corpus: string;
  trainSentences: number;
  testSentences: number;
  curve: { sentences: number; p: number; r: number; f1: number; tokenF1: number; trainSeconds: number; trainCpuSeconds: number }[];
  predictMsPer1000Tokens: number;
  predictCpuMsPer1000Tokens: number;
  model: { features: number; jsonMB: number; snapped: number; mentions: number };
  simulation: Record<string, { mentions: number; accepted: number; suggested: number; wrong: number; saved: number; precision: number; actionsPerMention: number }>;
  simulationSeconds: number;
}

function countTokens(docs: TaggerDocument[]): number {
  return docs.reduce((n, d) => n + tokenize(d.text).length, 0);
}

function measure(corpus: string, sentences: Sentence[]): CorpusResult {
  const all = QUICK ? sentences.slice(0, 1000) : sentences;
  const cut = Math.floor(all.length * 0.8);
  const train = toDocs(all.slice(0, cut));
  const test = toDocs(all.slice(cut));
  const curve: CorpusResult['curve'] = [];
  let last: Tagger | null = null;
  let lastModel: ReturnType<typeof trainTagger> | null = null;
  const steps = [50, 200, 1000, cut].filter((n, i, a) => n <= cut && a.indexOf(n) === i);
  for (const n of steps) {
    const docs = sentencesOf(train, n);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const model = trainTagger(docs, { seed: 1 });
    const trainSeconds = (performance.now() - t0) / 1000;
    const trainCpuSeconds = cpuSince(c0) / 1000;
    const tagger = new Tagger(model);
    const predicted = test.map((d) => tagger.predict(d.text));
    const e = exact(test, predicted);
    curve.push({ sentences: n, ...e, tokenF1: tokenF1(test, predicted), trainSeconds, trainCpuSeconds });
    last = tagger;
    lastModel = model;
    console.log(`  ${corpus}: ${n} sentences: P ${fmt(e.p)} R ${fmt(e.r)} F1 ${fmt(e.f1)} token-F1 ${fmt(tokenF1(test, predicted))}, trained in ${fmt(trainSeconds, 2)} s (CPU ${fmt(trainCpuSeconds, 2)} s)`);
  }
  // prediction time
  const tokens = countTokens(test);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const d of test) (last as Tagger).predict(d.text);
  const predictMsPer1000Tokens = ((performance.now() - t0) / tokens) * 1000;
  const predictCpuMsPer1000Tokens = (cpuSince(c0) / tokens) * 1000;
  const m = lastModel as ReturnType<typeof trainTagger>;

  // work saved: annotate every document of the corpus in order
  const docs = toDocs(all);
  const t1 = performance.now();
  const simulation = simulate(docs);
  const simulationSeconds = (performance.now() - t1) / 1000;
  for (const [k, s] of Object.entries(simulation)) {
    console.log(`  ${corpus}: work saved, ${k}: ${fmt(s.saved * 100, 1)}% of ${s.mentions} mentions only accepted; suggestion precision ${fmt(s.precision)}; ${fmt(s.actionsPerMention, 2)} actions per mention`);
  }
  return {
    corpus,
    trainSentences: cut,
    testSentences: all.length - cut,
    curve,
    predictMsPer1000Tokens,
    predictCpuMsPer1000Tokens,
    model: { features: Object.keys(m.weights).length, jsonMB: JSON.stringify(m).length / 1e6, snapped: m.trained.snapped, mentions: m.trained.mentions },
    simulation,
    simulationSeconds,
  };
}

/** Sequential annotation with suggestions from what was tagged before. */
function simulate(docs: TaggerDocument[]): CorpusResult['simulation'] {
  const index = new OccurrenceIndex();
  let tagger: Tagger | null = null;
  let nextTrain = 50;
  let seen = 0;
  const tally = (): { mentions: number; accepted: number; suggested: number; wrong: number } => ({ mentions: 0, accepted: 0, suggested: 0, wrong: 0 });
  const occ = tally();
  const reliable = tally();
  let findCpu = 0;
  let findTokens = 0;
  let retrainCpu = 0;
  const both = tally();
  const count = (t: ReturnType<typeof tally>, gold: Set<string>, sugg: Suggestion[]): void => {
    t.mentions += gold.size;
    t.suggested += sugg.length;
    for (const s of sugg) {
      if (gold.has(`${s.start}:${s.end}:${s.type}`)) t.accepted++;
      else t.wrong++;
    }
  };
  docs.forEach((d, i) => {
    const doc = { id: String(i), text: d.text, mentions: [] };
    const gold = new Set(d.mentions.map((m) => `${m.start}:${m.end}:${m.type}`));
    const c0 = process.cpuUsage();
    index.minReliability = 0;
    count(occ, gold, index.find(doc));
    findCpu += cpuSince(c0);
    findTokens += tokenize(d.text).length;
    index.minReliability = MIN_RELIABILITY;
    const o = index.find(doc);
    count(reliable, gold, o);
    const t = tagger ? tagger.suggest(doc, MIN_F1).filter((s) => !o.some((x) => x.start < s.end && s.start < x.end)) : [];
    count(both, gold, [...o, ...t]);
    // the annotator's work is now the gold
    index.addDocument(d);
    seen += d.text.split('\n').length - 1;
    if (seen >= nextTrain) {
      const c1 = process.cpuUsage();
      tagger = new Tagger(trainWithHeldOut(docs.slice(0, i + 1), { seed: 1 }));
      retrainCpu = cpuSince(c1);
      console.log(`    retrained on ${seen} sentences: held-out F1 ${fmt(tagger.model.quality?.f1 ?? 0)} (CPU ${fmt(retrainCpu / 1000, 1)} s with the held-out run)`);
      nextTrain *= 2;
    }
  });
  const finish = (t: ReturnType<typeof tally>): CorpusResult['simulation'][string] => ({
    ...t,
    saved: t.accepted / t.mentions,
    precision: t.suggested === 0 ? 0 : t.accepted / t.suggested,
    actionsPerMention: (t.accepted + t.wrong + 2 * (t.mentions - t.accepted)) / t.mentions,
  });
  console.log(`    occurrences: ${fmt((findCpu / findTokens) * 1000, 2)} ms CPU per 1,000 tokens searched`);
  return { occurrences: finish(occ), 'reliable occurrences': finish(reliable), 'reliable occurrences+tagger': finish(both) };
}

const results: CorpusResult[] = [];
const started = performance.now();
const startedCpu = process.cpuUsage();
console.log(`suggestions on ${FIXTURES}${QUICK ? ' (quick: first 1,000 sentences)' : ''}`);
results.push(measure('NEMO token-single (he)', loadTokens('nemo-train/token-single_gold_train.bmes')));
results.push(measure('NEMO morph (he)', loadMorph()));
results.push(measure('ANERcorp (ar)', loadTokens('anercorp-train/train_data.txt')));

console.log(`\n${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg()[0]?.toFixed(1)}, Node ${process.version}, ${fmt((performance.now() - started) / 1000, 0)} s (CPU ${fmt(cpuSince(startedCpu) / 1000, 0)} s)\n`);
console.log('| corpus | F1 @50 | @200 | @1000 | @all (P / R / F1) | token F1 @all | train all, s (CPU s) | predict, ms / 1k tokens (CPU) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  const at = (n: number): string => {
    const c = r.curve.find((x) => x.sentences === n);
    return c ? fmt(c.f1) : '-';
  };
  const lastPoint = r.curve[r.curve.length - 1] as CorpusResult['curve'][number];
  console.log(
    `| ${r.corpus}, ${r.trainSentences} / ${r.testSentences} sentences | ${at(50)} | ${at(200)} | ${at(1000)} | ${fmt(lastPoint.p)} / ${fmt(lastPoint.r)} / ${fmt(lastPoint.f1)} | ${fmt(lastPoint.tokenF1)} | ${fmt(lastPoint.trainSeconds, 1)} (${fmt(lastPoint.trainCpuSeconds, 1)}) | ${fmt(r.predictMsPer1000Tokens, 1)} (${fmt(r.predictCpuMsPer1000Tokens, 1)}) |`,
  );
}
const VARIANTS = ['occurrences', 'reliable occurrences', 'reliable occurrences+tagger'];
console.log(`\nWork saved (reliable: forms tagged at ≥ ${MIN_RELIABILITY} of their occurrences so far; tagger silent under held-out F1 ${MIN_F1}); cells: only accepted / suggestion precision / actions per mention (by hand 2.0)`);
console.log(`| corpus | mentions | ${VARIANTS.join(' | ')} |`);
console.log(`| --- | --- | ${VARIANTS.map(() => '---').join(' | ')} |`);
for (const r of results) {
  const cells = VARIANTS.map((v) => {
    const x = r.simulation[v] as CorpusResult['simulation'][string];
    return `${fmt(x.saved * 100, 1)}% / ${fmt(x.precision, 2)} / ${fmt(x.actionsPerMention, 2)}`;
  });
  console.log(`| ${r.corpus} | ${(r.simulation['occurrences'] as CorpusResult['simulation'][string]).mentions} | ${cells.join(' | ')} |`);
}
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(results, null, 2));
