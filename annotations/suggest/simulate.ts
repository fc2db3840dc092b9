/**
 * Measured help: replay a gold annotation set document by document as an annotator who accepts
 * the suggestions that are right, rejects the others and tags what is left by hand, the
 * recommenders learning from each finished document as it goes. Counts the annotator's actions
 * against annotating by hand.
 *
 * The costs (ACTION_COSTS), kept honest:
 * - a mention tagged by hand: 2 (select the span, press the type's key);
 * - a suggestion accepted: 1 (a key); only a suggestion with exactly the gold span and type;
 * - a suggestion rejected: 1 (a key), whatever is wrong with it; a gold mention it should have
 *   been is then tagged by hand (a wrong boundary or a wrong type: reject + hand tag = 3);
 * - by hand, without suggestions: 2 per gold mention.
 * Moving between suggestions is not counted (nor is reading): the figures are keys and selections.
 *
 * Pure: timings come from the clock the caller passes.
 */
import { OccurrenceIndex, type GazetteerEntry, type SpanTyped, type Suggestion } from './occurrences';
import { subTokenize, Tagger, trainWithHeldOut, type TaggerDocument, type TaggerModel } from './tagger';

export const ACTION_COSTS = { hand: 2, accept: 1, reject: 1 } as const;

/** What the annotator does with one document's suggestions. */
export interface Tally {
  /** Gold mentions. */
  gold: number;
  /** Suggestions shown (distinct span and type). */
  suggested: number;
  /** Suggestions accepted: exactly a gold mention. */
  accepted: number;
  /** Suggestions rejected; of them, those over a gold mention with another span, or its span with another type. */
  rejected: number;
  wrongBoundary: number;
  wrongType: number;
  /** Gold mentions tagged by hand (no suggestion was exactly them). */
  hand: number;
  /** accepted + rejected + 2 × hand (see ACTION_COSTS). */
  actions: number;
}

export function emptyTally(): Tally {
  return { gold: 0, suggested: 0, accepted: 0, rejected: 0, wrongBoundary: 0, wrongType: 0, hand: 0, actions: 0 };
}

export function addTally(into: Tally, t: Tally): Tally {
  for (const k of Object.keys(into) as (keyof Tally)[]) into[k] += t[k];
  return into;
}

const key = (m: SpanTyped): string => `${m.start}:${m.end}:${m.type}`;

/** The annotator's actions on one document: its gold mentions and the suggestions shown for it. */
export function accountDocument(gold: readonly SpanTyped[], suggestions: readonly SpanTyped[]): Tally {
  const want = new Map(gold.map((m) => [key(m), m] as const));
  const shown = new Map(suggestions.map((s) => [key(s), s] as const));
  const t = emptyTally();
  t.gold = want.size;
  t.suggested = shown.size;
  for (const [k, s] of shown) {
    if (want.has(k)) {
      t.accepted++;
      continue;
    }
    t.rejected++;
    const over = [...want.values()].filter((g) => g.start < s.end && s.start < g.end);
    if (over.some((g) => g.start === s.start && g.end === s.end)) t.wrongType++;
    else if (over.length > 0) t.wrongBoundary++;
  }
  t.hand = t.gold - t.accepted;
  t.actions = ACTION_COSTS.accept * t.accepted + ACTION_COSTS.reject * t.rejected + ACTION_COSTS.hand * t.hand;
  return t;
}

/** Actions per gold mention, precision, recall and F1 of the suggestions. */
export interface Figures {
  actionsPerMention: number;
  precision: number;
  recall: number;
  f1: number;
}

export function figures(t: Tally): Figures {
  const precision = t.suggested === 0 ? 0 : t.accepted / t.suggested;
  const recall = t.gold === 0 ? 0 : t.accepted / t.gold;
  return {
    actionsPerMention: t.gold === 0 ? 0 : t.actions / t.gold,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

export interface SimulationDocument {
  id: string;
  text: string;
  /** The gold mentions. */
  mentions: readonly SpanTyped[];
}

export interface SimulationOptions {
  /** Which recommenders suggest (default both). */
  recommenders?: readonly ('occurrences' | 'tagger')[];
  /**
   * When the tagger is retrained on the documents finished so far: every N documents, or
   * 'doubling' (the default): when the finished sentences reach 50, then 100, 200, 400…
   */
  retrain?: number | 'doubling';
  seed?: number;
  /** The tagger is silent while its held-out F1 is below this (0.5). */
  minF1?: number;
  /** Occurrences of a form tagged at fewer than this share of its occurrences so far are not suggested (0.5). */
  minReliability?: number;
  gazetteer?: readonly GazetteerEntry[];
  /**
   * Warm start: documents of another corpus the tagger is trained on first (and again, with the
   * finished documents, at every retraining), or a model trained elsewhere (used until the
   * project's own model does better on its held-out documents).
   */
  warm?: { documents?: readonly TaggerDocument[]; model?: TaggerModel };
  /** Figures are also given for the documents after the first N sentences (100). */
  afterSentences?: number;
  /** Milliseconds, for the timings (default Date.now). */
  clock?: () => number;
  /** Called after each document and each training (progress). */
  onProgress?: (event: SimulationEvent) => void;
}

export interface DocumentOutcome extends Tally, Figures {
  id: string;
  sentences: number;
  /** Which recommenders' suggestions were shown: occurrence and tagger counts. */
  fromOccurrences: number;
  fromTagger: number;
  /** The tagger's suggestions were silent (below minF1) or there was no model yet. */
  taggerSilent: boolean;
  predictMs: number;
}

export interface Training {
  /** After this many finished documents and sentences (of the replayed set). */
  documents: number;
  sentences: number;
  /** Documents trained on (with the warm corpus). */
  trainedOn: number;
  ms: number;
  heldOutF1: number | null;
  heldOutTokenF1: number | null;
  /** The model kept: 'own' or 'warm' (a warm model file still better on held-out documents). */
  kept: 'own' | 'warm';
}

export type SimulationEvent = { kind: 'document'; index: number; outcome: DocumentOutcome } | { kind: 'training'; training: Training };

export interface Simulation {
  costs: typeof ACTION_COSTS;
  scenario: 'cold' | 'warm';
  retrain: number | 'doubling';
  documents: DocumentOutcome[];
  total: Tally & Figures & { sentences: number };
  /** The documents after the first `afterSentences` sentences. */
  after: Tally & Figures & { sentences: number; afterSentences: number; documents: number };
  trainings: Training[];
  trainMs: number;
  predictMs: number;
  /** Prediction time per 1,000 tokens (tagger and occurrences). */
  predictMsPer1000Tokens: number;
}

function overlaps(a: SpanTyped, b: SpanTyped): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Replay `docs` in order (see the module's comment). */
export function simulate(docs: readonly SimulationDocument[], options: SimulationOptions = {}): Simulation {
  const clock = options.clock ?? Date.now;
  const recommenders = options.recommenders ?? ['occurrences', 'tagger'];
  const retrain = options.retrain ?? 'doubling';
  const seed = options.seed ?? 1;
  const minF1 = options.minF1 ?? 0.5;
  const afterSentences = options.afterSentences ?? 100;
  const warmDocs = options.warm?.documents ?? [];
  const warmModel = options.warm?.model ?? null;
  const index = new OccurrenceIndex({ minReliability: options.minReliability ?? 0.5 });
  if (options.gazetteer) index.addGazetteer(options.gazetteer);
  const gazetteer = options.gazetteer ?? [];
  const useTagger = recommenders.includes('tagger');
  const trainings: Training[] = [];
  let trainMs = 0;
  let predictMs = 0;
  let tokens = 0;
  let tagger: Tagger | null = null;
  let kept: 'own' | 'warm' = 'own';

  const train = (finished: number, sentences: number): void => {
    const t0 = clock();
    const own = docs.slice(0, finished).map((d) => ({ text: d.text, mentions: d.mentions }));
    const model = trainWithHeldOut([...warmDocs, ...own], { seed, gazetteer });
    let next = new Tagger(model);
    kept = 'own';
    if (warmModel !== null && (warmModel.quality?.f1 ?? 0) > (model.quality?.f1 ?? 0)) {
      next = new Tagger(warmModel);
      kept = 'warm';
    }
    tagger = next;
    const ms = clock() - t0;
    trainMs += ms;
    const q = model.quality;
    const training: Training = { documents: finished, sentences, trainedOn: warmDocs.length + own.length, ms, heldOutF1: q?.f1 ?? null, heldOutTokenF1: q?.token?.f1 ?? null, kept };
    trainings.push(training);
    options.onProgress?.({ kind: 'training', training });
  };

  if (useTagger && warmModel !== null && warmDocs.length === 0) {
    tagger = new Tagger(warmModel);
    kept = 'warm';
  } else if (useTagger && warmDocs.length > 0) {
    train(0, 0);
  }

  const outcomes: DocumentOutcome[] = [];
  let sentences = 0;
  let nextDoubling = 50;
  docs.forEach((d, i) => {
    const doc = { id: d.id, text: d.text, mentions: [] };
    const t0 = clock();
    const occ = recommenders.includes('occurrences') ? index.find(doc) : [];
    const current = tagger as Tagger | null;
    const tag: Suggestion[] = current !== null ? current.suggest(doc, minF1).filter((s) => !occ.some((o) => overlaps(o, s))) : [];
    const ms = clock() - t0;
    predictMs += ms;
    const split = subTokenize(d.text, false);
    const docSentences = split.length;
    tokens += split.reduce((n, s) => n + s.length, 0);
    const tally = accountDocument(d.mentions, [...occ, ...tag]);
    const outcome: DocumentOutcome = {
      id: d.id,
      sentences: docSentences,
      ...tally,
      ...figures(tally),
      fromOccurrences: occ.length,
      fromTagger: tag.length,
      taggerSilent: current === null || (current.model.quality?.f1 ?? 0) < minF1,
      predictMs: ms,
    };
    outcomes.push(outcome);
    options.onProgress?.({ kind: 'document', index: i, outcome });
    // the document is finished: its gold is now the annotator's work
    index.addDocument(d);
    sentences += docSentences;
    if (!useTagger) return;
    if (retrain === 'doubling') {
      if (sentences >= nextDoubling) {
        while (nextDoubling <= sentences) nextDoubling *= 2;
        train(i + 1, sentences);
      }
    } else if ((i + 1) % retrain === 0 && i + 1 < docs.length) {
      train(i + 1, sentences);
    }
  });

  const total = emptyTally();
  for (const o of outcomes) addTally(total, o);
  const after = emptyTally();
  let seen = 0;
  let afterDocs = 0;
  let afterSent = 0;
  for (const o of outcomes) {
    if (seen >= afterSentences) {
      addTally(after, o);
      afterDocs++;
      afterSent += o.sentences;
    }
    seen += o.sentences;
  }
  return {
    costs: ACTION_COSTS,
    scenario: warmDocs.length > 0 || warmModel !== null ? 'warm' : 'cold',
    retrain,
    documents: outcomes,
    total: { ...total, ...figures(total), sentences },
    after: { ...after, ...figures(after), sentences: afterSent, afterSentences, documents: afterDocs },
    trainings,
    trainMs,
    predictMs,
    predictMsPer1000Tokens: tokens === 0 ? 0 : (predictMs / tokens) * 1000,
  };
}
