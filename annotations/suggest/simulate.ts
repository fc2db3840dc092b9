/**
 * Measured help: replay a gold annotation set document by document as an annotator who accepts
 * the suggestions that are right, rejects the others and tags what is left by hand, the
 * recommenders learning from each finished document as it goes. Counts the annotator's actions
 * against annotating by hand.
 *
 * The costs (ACTION_COSTS), kept honest, each a key or a selection the app needs:
 * - a mention tagged by hand: 2 (select the span, press the type's key);
 * - a suggestion accepted: 1 (Enter); only a suggestion with exactly the gold span and type;
 * - a suggestion with exactly a gold span but another type: 1 (the gold type's hotkey on the
 *   ghost accepts it as that type: `retyped`);
 * - a suggestion rejected: 1 (x), whatever else is wrong with it; a gold mention it should have
 *   been is then tagged by hand (a wrong boundary: reject + hand tag = 3);
 * - accept all above the score (Shift+Enter; the app's default score 0.8): 1 for the key, then 2
 *   for each wrong one it accepted (`fixed`: select the mention, then Delete or the right type's
 *   key; a wrong boundary is also tagged by hand). The annotator, who reads every suggestion
 *   anyway, presses it in a document only when that costs fewer actions than going one by one;
 * - a suggestion at a span a mention now has costs nothing (the app drops it when the mention is
 *   made);
 * - o, then Enter, on a mention just tagged by hand: 2, tagging its form's other occurrences in the
 *   document (the app's occurrence preview, the annotator's practice); each wrong one it tagged
 *   costs 2 more (select + Delete). Used only where it costs fewer actions than tagging them by
 *   hand;
 * - by hand, without suggestions: 2 per gold mention.
 * Moving between suggestions is not counted (nor is reading): the figures are keys and selections.
 *
 * Pure: timings come from the clock the caller passes.
 */
import type { GazetteerEntry, Practice, SpanTyped, Suggestion } from './occurrences';
import { OffsetMap } from '../text';
import { FoldedText, textHash } from './foldedText';
import { FormFinder } from './formOccurrences';
import { ProjectOccurrences } from './projectOccurrences';
import { subTokenize, Tagger, trainWithHeldOut, type TaggerDocument, type TaggerModel } from './tagger';

export const ACTION_COSTS = { hand: 2, accept: 1, reject: 1, retype: 1, acceptAll: 1, fix: 2, propagate: 2 } as const;

/** A suggestion as the accounting sees it (score: for accept all above a score). */
export type Scored = SpanTyped & { score?: number };

/** What the annotator does with one document's suggestions. */
export interface Tally {
  /** Gold mentions. */
  gold: number;
  /** Suggestions shown (distinct span and type). */
  suggested: number;
  /** Suggestions accepted: exactly a gold mention (one by one, or by accept all). */
  accepted: number;
  /** Of them, accepted by accept all (no key of their own). */
  acceptedAll: number;
  /** Accept all pressed (0 or 1 per document). */
  acceptAll: number;
  /** Suggestions with a gold span and another type, accepted with the gold type's hotkey. */
  retyped: number;
  /** Wrong suggestions accept all took, deleted or retyped afterwards (2 each). */
  fixed: number;
  /** o + Enter pressed on a mention tagged by hand; gold mentions it tagged; wrong ones it tagged (deleted, 2 each). */
  propagations: number;
  propagated: number;
  propagatedWrong: number;
  /** Suggestions rejected; of them, those over a gold mention with another span, or its span with another type. */
  rejected: number;
  wrongBoundary: number;
  wrongType: number;
  /** Gold mentions tagged by hand (no suggestion was exactly them). */
  hand: number;
  /** (accepted − acceptedAll) + acceptAll + retyped + 2 × fixed + rejected + 2 × hand (see ACTION_COSTS). */
  actions: number;
}

export function emptyTally(): Tally {
  return { gold: 0, suggested: 0, accepted: 0, acceptedAll: 0, acceptAll: 0, retyped: 0, fixed: 0, propagations: 0, propagated: 0, propagatedWrong: 0, rejected: 0, wrongBoundary: 0, wrongType: 0, hand: 0, actions: 0 };
}

export function addTally(into: Tally, t: Tally): Tally {
  for (const k of Object.keys(into) as (keyof Tally)[]) into[k] += t[k];
  return into;
}

const key = (m: SpanTyped): string => `${m.start}:${m.end}:${m.type}`;

const spanKey = (m: SpanTyped): string => `${m.start}:${m.end}`;

/** The actions going through the suggestions in text order, after accept all took `all` (keys) of them. */
function tallyWith(gold: ReadonlyMap<string, SpanTyped>, shown: readonly Scored[], all: ReadonlySet<string> | null, coveredOut?: (covered: Set<string>) => void): Tally {
  const t = emptyTally();
  t.gold = gold.size;
  t.suggested = shown.length;
  const goldAt = new Map<string, SpanTyped>();
  for (const g of gold.values()) goldAt.set(spanKey(g), g);
  const covered = new Set<string>();
  /** Spans a mention now has: a suggestion there is dropped by the app. */
  const made = new Set<string>();
  const classify = (s: Scored) => {
    const over = [...gold.values()].filter((g) => g.start < s.end && s.start < g.end);
    if (over.some((g) => g.start === s.start && g.end === s.end)) t.wrongType++;
    else if (over.length > 0) t.wrongBoundary++;
  };
  if (all !== null) {
    t.acceptAll = 1;
    for (const s of shown) {
      const k = key(s);
      if (all.has(k) && gold.has(k)) {
        t.accepted++;
        t.acceptedAll++;
        covered.add(k);
        made.add(spanKey(s));
      }
    }
    for (const s of shown) {
      const k = key(s);
      if (!all.has(k) || gold.has(k)) continue;
      // accepted but wrong: select it, then the right type's key (its gold span) or Delete
      t.fixed++;
      classify(s);
      const g = goldAt.get(spanKey(s));
      if (g && !covered.has(key(g))) {
        covered.add(key(g));
        made.add(spanKey(s));
      }
    }
  }
  // one by one, the right ones first (of two ghosts on one span the annotator takes the right one)
  for (const s of [...shown.filter((x) => gold.has(key(x))), ...shown.filter((x) => !gold.has(key(x)))]) {
    const k = key(s);
    if ((all !== null && all.has(k)) || made.has(spanKey(s))) continue;
    const g = goldAt.get(spanKey(s));
    if (gold.has(k) && !covered.has(k)) {
      t.accepted++;
      covered.add(k);
      made.add(spanKey(s));
    } else if (g && !covered.has(key(g))) {
      t.retyped++;
      t.wrongType++;
      covered.add(key(g));
      made.add(spanKey(s));
    } else {
      t.rejected++;
      classify(s);
    }
  }
  t.hand = t.gold - covered.size;
  coveredOut?.(covered);
  const c = ACTION_COSTS;
  t.actions = c.accept * (t.accepted - t.acceptedAll) + c.acceptAll * t.acceptAll + c.retype * t.retyped + c.fix * t.fixed + c.reject * t.rejected + c.hand * t.hand;
  return t;
}

/**
 * The annotator's actions on one document: its gold mentions and the suggestions shown for it (in
 * text order). With `acceptAllFrom` (a score), accept all takes those scoring at least that when
 * it costs fewer actions than going one by one (see ACTION_COSTS).
 */
export function accountDocument(
  gold: readonly SpanTyped[],
  suggestions: readonly Scored[],
  options: { acceptAllFrom?: number | null; propagate?: { text: string; practice: Practice } } = {},
): Tally {
  const want = new Map(gold.map((m) => [key(m), m] as const));
  const shown = [...new Map(suggestions.map((s) => [key(s), s] as const)).values()];
  let coveredOne = new Set<string>();
  const one = tallyWith(want, shown, null, (c) => (coveredOne = c));
  const from = options.acceptAllFrom ?? null;
  let best = one;
  let covered = coveredOne;
  if (from !== null) {
    const all = new Set(shown.filter((s) => (s.score ?? 0) >= from).map(key));
    if (all.size > 0) {
      let coveredAll = new Set<string>();
      const withAll = tallyWith(want, shown, all, (c) => (coveredAll = c));
      if (withAll.actions < one.actions) {
        best = withAll;
        covered = coveredAll;
      }
    }
  }
  if (options.propagate) propagateByHand(gold, covered, best, options.propagate.text, options.propagate.practice);
  return best;
}

/**
 * The gold mentions left to tag by hand, in text order: after each, o + Enter tags its form's
 * other occurrences in the document (as the app's preview finds them, with the annotator's
 * practice) when that costs fewer actions than tagging the right ones by hand and deleting the
 * wrong ones (see ACTION_COSTS). Updates `t`.
 */
function propagateByHand(gold: readonly SpanTyped[], covered: ReadonlySet<string>, t: Tally, text: string, practice: Practice): void {
  const want = new Set(gold.map(key));
  const map = new OffsetMap(text);
  const mentions: SpanTyped[] = gold.filter((m) => covered.has(key(m)));
  const done = new Set<string>(covered);
  const hand = gold.filter((m) => !covered.has(key(m))).sort((a, b) => a.start - b.start || a.end - b.end);
  let folds: FoldedText | null = null;
  for (const m of hand) {
    if (done.has(key(m))) continue;
    done.add(key(m));
    mentions.push(m);
    const found = new FormFinder(map.slice(m.start, m.end), m.type, practice).in((folds ??= new FoldedText(text, textHash(text))), mentions);
    const right = found.filter((f) => want.has(key(f)) && !done.has(key(f)));
    const wrong = found.length - right.length;
    const c = ACTION_COSTS;
    const cost = c.propagate + c.fix * wrong;
    if (cost >= c.hand * right.length) continue;
    t.propagations++;
    t.propagated += right.length;
    t.propagatedWrong += wrong;
    t.hand -= right.length;
    t.actions += cost - c.hand * right.length;
    for (const r of right) {
      done.add(key(r));
      mentions.push(r);
    }
  }
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
  /** Accept all takes the suggestions scoring at least this (the app's default 0.8); null: never used. */
  acceptAllFrom?: number | null;
  /** The annotator uses o + Enter after a hand tag where it pays (default true; with the occurrences). */
  propagate?: boolean;
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
  /** The score from which accept all takes suggestions (null: never used). */
  acceptAllFrom: number | null;
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
  const acceptAllFrom = options.acceptAllFrom === undefined ? 0.8 : options.acceptAllFrom;
  const propagate = options.propagate ?? true;
  const warmDocs = options.warm?.documents ?? [];
  const warmModel = options.warm?.model ?? null;
  // the finished documents, each under its place in the replay (ties between forms go to the one tagged first)
  const index = new ProjectOccurrences(undefined, options.minReliability ?? 0.5);
  const place = (i: number): string => String(i).padStart(10, '0');
  for (const g of options.gazetteer ?? []) index.addForm(g.form, g.type);
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
    const occ = recommenders.includes('occurrences') ? index.find({ ...doc, id: place(i) }).map((s) => ({ ...s, docId: d.id })) : [];
    const current = tagger as Tagger | null;
    const tag: Suggestion[] = current !== null ? current.suggest(doc, minF1).filter((s) => !occ.some((o) => overlaps(o, s))) : [];
    const ms = clock() - t0;
    predictMs += ms;
    const split = subTokenize(d.text, false);
    const docSentences = split.length;
    tokens += split.reduce((n, s) => n + s.length, 0);
    const tally = accountDocument(d.mentions, [...occ, ...tag].sort((x, y) => x.start - y.start || x.end - y.end), {
      acceptAllFrom,
      ...(propagate && recommenders.includes('occurrences') ? { propagate: { text: d.text, practice: index.practice } } : {}),
    });
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
    index.setDocument(place(i), d.text, d.mentions);
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
    acceptAllFrom,
    documents: outcomes,
    total: { ...total, ...figures(total), sentences },
    after: { ...after, ...figures(after), sentences: afterSent, afterSentences, documents: afterDocs },
    trainings,
    trainMs,
    predictMs,
    predictMsPer1000Tokens: tokens === 0 ? 0 : (predictMs / tokens) * 1000,
  };
}
