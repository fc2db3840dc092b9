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
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { tokenize } from '../../annotations/tokenize';
import { OccurrenceIndex, type SpanTyped, type Suggestion } from '../../annotations/suggest/occurrences';
import { Tagger, trainTagger, trainWithHeldOut, type TaggerDocument } from '../../annotations/suggest/tagger';

const FIXTURES = process.env['QALAM_FIXTURES'] ?? join(import.meta.dirname, '../../../../shared/fixtures');
const QUICK = process.argv.includes('--quick');
const jsonAt = process.argv.indexOf('--json');
const JSON_OUT = jsonAt > 0 ? process.argv[jsonAt + 1] : undefined;
const SENTENCES_PER_DOC = 20;
const MIN_F1 = 0.5;
/** Occurrences of forms the annotator tagged at fewer than half of their occurrences so far are not suggested. */
const MIN_RELIABILITY = 0.5;

/** One sentence: tokens and token-level entity spans (offsets inside the token given in code points). */
interface Sentence {
  tokens: string[];
  /** [first token, char offset in it, last token, end char offset in it (exclusive), type] */
  entities: { t0: number; c0: number; t1: number; c1: number; type: string }[];
}

function readLines(file: string): string[] {
  return readFileSync(join(FIXTURES, file), 'utf8').split(/\r?\n/);
}

/** Blocks of non-blank lines. */
function blocks(lines: string[]): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const l of lines) {
    if (l.trim() === '' || l.startsWith('-DOCSTART-')) {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push(l);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Entities from per-unit tags (BIOES/BMES/IOB2), as [first unit, last unit, type]. */
function decode(tags: string[]): [number, number, string][] {
  const out: [number, number, string][] = [];
  let open: { start: number; type: string } | null = null;
  const close = (end: number): void => {
    if (open) out.push([open.start, end, open.type]);
    open = null;
  };
  tags.forEach((tag, i) => {
    const m = /^([BIEMS])-(.+)$/.exec(tag);
    if (!m) {
      close(i - 1);
      return;
    }
    const [, p, type] = m as unknown as [string, string, string];
    if (p === 'S') {
      close(i - 1);
      out.push([i, i, type]);
    } else if (p === 'B' || open === null || open.type !== type) {
      close(i - 1);
      open = { start: i, type };
      if (p === 'E') close(i);
    } else if (p === 'E') close(i);
  });
  close(tags.length - 1);
  return out;
}

const cpLen = (s: string): number => [...s].length;

/** token TAG per line (token-single, ANERcorp): entities over whole tokens. */
function loadTokens(file: string): Sentence[] {
  return blocks(readLines(file)).map((b) => {
    const tokens = b.map((l) => l.slice(0, l.lastIndexOf(' ')));
    const tags = b.map((l) => l.slice(l.lastIndexOf(' ') + 1));
    const entities = decode(tags).map(([a, z, type]) => ({ t0: a, c0: 0, t1: z, c1: cpLen(tokens[z] as string), type }));
    return { tokens, entities };
  });
}

/**
 * NEMO's morpheme entities inside the tokens: token-multi gives each token's morpheme tags
 * (`O^S-GPE`), the morph file the morphemes (`ב`, `קזחסטן`); a morpheme's place in its token is
 * found from the start, then from the end (a morpheme the surface does not show, as the ה of
 * `בבית` = ב+ה+בית, gets an empty place).
 */
function loadMorph(): Sentence[] {
  const multi = blocks(readLines('nemo-train/token-multi_gold_train.bmes'));
  const morph = blocks(readLines('nemo-train/morph_gold_train.bmes'));
  if (multi.length !== morph.length) throw new Error(`NEMO: ${multi.length} token sentences but ${morph.length} morpheme sentences`);
  return multi.map((b, si) => {
    const ms = (morph[si] as string[]).map((l) => l.slice(0, l.lastIndexOf(' ')));
    const tokens: string[] = [];
    const units: { t: number; c0: number; c1: number }[] = [];
    const tags: string[] = [];
    let k = 0;
    for (const l of b) {
      const token = l.slice(0, l.lastIndexOf(' '));
      const ttags = l.slice(l.lastIndexOf(' ') + 1).split('^');
      const t = tokens.length;
      tokens.push(token);
      const parts = ms.slice(k, k + ttags.length);
      k += ttags.length;
      const chars = [...token];
      const place: { c0: number; c1: number }[] = parts.map(() => ({ c0: -1, c1: -1 }));
      let pos = 0;
      let j = 0;
      for (; j < parts.length; j++) {
        const p = [...(parts[j] as string)];
        if (chars.slice(pos, pos + p.length).join('') !== p.join('')) break;
        place[j] = { c0: pos, c1: pos + p.length };
        pos += p.length;
      }
      let end = chars.length;
      for (let x = parts.length - 1; x >= j; x--) {
        const p = [...(parts[x] as string)];
        if (end - p.length >= pos && chars.slice(end - p.length, end).join('') === p.join('')) {
          place[x] = { c0: end - p.length, c1: end };
          end -= p.length;
        } else place[x] = { c0: end, c1: end };
      }
      place.forEach((pl, x) => {
        units.push({ t, c0: pl.c0, c1: pl.c1 });
        tags.push(ttags[x] as string);
      });
    }
    const entities = decode(tags)
      .map(([a, z, type]) => {
        const ua = units[a] as (typeof units)[number];
        const uz = units[z] as (typeof units)[number];
        return { t0: ua.t, c0: ua.c0, t1: uz.t, c1: uz.c1, type };
      })
      .filter((e) => e.t0 < e.t1 || e.c0 < e.c1);
    return { tokens, entities };
  });
}

/** Documents of consecutive sentences: tokens joined by spaces, sentences by line breaks. */
function toDocs(sentences: Sentence[]): TaggerDocument[] {
  const docs: TaggerDocument[] = [];
  for (let i = 0; i < sentences.length; i += SENTENCES_PER_DOC) {
    let text = '';
    let cp = 0;
    const mentions: SpanTyped[] = [];
    for (const s of sentences.slice(i, i + SENTENCES_PER_DOC)) {
      const starts: number[] = [];
      s.tokens.forEach((t, k) => {
        if (k > 0) {
          text += ' ';
          cp++;
        }
        starts.push(cp);
        text += t;
        cp += cpLen(t);
      });
      for (const e of s.entities) {
        let start = (starts[e.t0] as number) + e.c0;
        let end = (starts[e.t1] as number) + e.c1;
        // ANERcorp has U+200F inside some tokens: a span does not start or end on one (as Qalam trims a selection)
        const chars = [...text];
        while (start < end && chars[start] === '\u200f') start++;
        while (end > start && chars[end - 1] === '\u200f') end--;
        if (start < end) mentions.push({ start, end, type: e.type });
      }
      text += '\n';
      cp++;
    }
    docs.push({ text, mentions });
  }
  return docs;
}

function sentencesOf(docs: TaggerDocument[], n: number): TaggerDocument[] {
  // documents hold SENTENCES_PER_DOC sentences; the first n sentences: whole documents, then a part of the next
  const out: TaggerDocument[] = [];
  let left = n;
  for (const d of docs) {
    if (left <= 0) break;
    if (left >= SENTENCES_PER_DOC) {
      out.push(d);
      left -= SENTENCES_PER_DOC;
      continue;
    }
    const lines = d.text.split('\n');
    const keep = lines.slice(0, left).join('\n') + '\n';
    const len = cpLen(keep);
    out.push({ text: keep, mentions: d.mentions.filter((m) => m.end <= len) });
    left = 0;
  }
  return out;
}

/** Token-level micro F1: each word or number token labelled with the type of the mention covering its start, or O. */
function tokenF1(gold: TaggerDocument[], predicted: SpanTyped[][]): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  gold.forEach((d, i) => {
    const label = (ms: readonly SpanTyped[], s: number, e: number): string => ms.find((m) => m.start < e && s < m.end)?.type ?? 'O';
    for (const t of tokenize(d.text)) {
      if (t.kind === 'punct') continue;
      const g = label(d.mentions, t.start, t.end);
      const p = label(predicted[i] as SpanTyped[], t.start, t.end);
      if (p !== 'O' && p === g) tp++;
      else {
        if (p !== 'O') fp++;
        if (g !== 'O') fn++;
      }
    }
  });
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

function exact(gold: TaggerDocument[], predicted: SpanTyped[][]): { p: number; r: number; f1: number } {
  let m = 0;
  let np = 0;
  let ng = 0;
  gold.forEach((d, i) => {
    const want = new Set(d.mentions.map((x) => `${x.start}:${x.end}:${x.type}`));
    ng += want.size;
    const got = new Set((predicted[i] as SpanTyped[]).map((x) => `${x.start}:${x.end}:${x.type}`));
    np += got.size;
    for (const k of got) if (want.has(k)) m++;
  });
  const p = np === 0 ? 0 : m / np;
  const r = ng === 0 ? 0 : m / ng;
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}

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
