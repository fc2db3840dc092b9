/** Data for the review screen's charts: label distributions and confusion matrices. */
import { CoreError } from '../errors';
import { cmpStr, type SpanMention } from './common';
import type { SpanMatching } from './spans';

function bump(row: number[], i: number): void {
  row[i] = (row[i] as number) + 1;
}

export interface LabelCount {
  label: string;
  count: number;
}

/** How often each label occurs (nulls ignored), labels in code-unit order. */
export function labelDistribution(labels: Iterable<string | null | undefined>): LabelCount[] {
  const counts = new Map<string, number>();
  for (const l of labels) if (l !== null && l !== undefined) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts.keys()].sort(cmpStr).map((label) => ({ label, count: counts.get(label) as number }));
}

/** Mentions per entity type of one annotator. */
export function typeDistribution(mentions: readonly SpanMention[]): LabelCount[] {
  return labelDistribution(mentions.map((m) => m.type));
}

export interface ConfusionMatrix {
  /** Row and column labels, in code-unit order. */
  labels: string[];
  /** counts[i][j]: items labelled labels[i] by A and labels[j] by B. */
  counts: number[][];
  /** Number of items counted (the sum of all cells). */
  items: number;
}

/**
 * Confusion matrix of two raters' labels over the items both rated (null = not rated; token
 * labels include 'O'). Labels are every label either rater used on a counted item.
 */
export function confusionMatrix(a: ReadonlyArray<string | null>, b: ReadonlyArray<string | null>): ConfusionMatrix {
  if (a.length !== b.length) throw new CoreError('invalid-argument', `confusionMatrix: ${a.length} labels against ${b.length}`);
  const set = new Set<string>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x == null || y == null) continue;
    set.add(x);
    set.add(y);
  }
  const labels = [...set].sort(cmpStr);
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = labels.map(() => labels.map(() => 0));
  let items = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x == null || y == null) continue;
    bump(counts[index.get(x) as number] as number[], index.get(y) as number);
    items++;
  }
  return { labels, counts, items };
}

export interface SpanConfusion extends ConfusionMatrix {
  /** missing[i]: A mentions of type labels[i] left unmatched. */
  missing: number[];
  /** spurious[j]: B mentions of type labels[j] left unmatched. */
  spurious: number[];
}

/**
 * Type confusion over the matched span pairs of a matching (any overlap; see `matchSpans`):
 * counts[i][j] pairs with A type labels[i] and B type labels[j]; the diagonal holds exact
 * and same-type-overlap pairs. Unmatched mentions go to `missing` / `spurious`. Labels are all
 * types in A or B.
 */
export function spanConfusion(m: SpanMatching): SpanConfusion {
  const labels = [...new Set([...m.a, ...m.b].map((x) => x.type))].sort(cmpStr);
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = labels.map(() => labels.map(() => 0));
  const missing = labels.map(() => 0);
  const spurious = labels.map(() => 0);
  for (const p of m.pairs) {
    bump(counts[index.get((m.a[p.a] as SpanMention).type) as number] as number[], index.get((m.b[p.b] as SpanMention).type) as number);
  }
  for (const i of m.missing) bump(missing, index.get((m.a[i] as SpanMention).type) as number);
  for (const j of m.spurious) bump(spurious, index.get((m.b[j] as SpanMention).type) as number);
  return { labels, counts, items: m.pairs.length, missing, spurious };
}
