/**
 * Chance-corrected agreement coefficients over nominal ratings.
 *
 * Input is a rating matrix: one row per item, one column per rater, each cell a label (any
 * string) or null when that rater did not rate that item (a missing value). All rows must have
 * the same number of columns.
 *
 * Every coefficient is returned as a `Coefficient` with the number of items it is based on and
 * its observed (Ao) and expected (chance, Ae) agreement, value = (Ao − Ae) / (1 − Ae). On
 * degenerate input the value is null with a reason, never NaN:
 *   'no-items'        no item qualifies (nothing rated, or no item with enough ratings);
 *   'single-category' every rating that counts is the same label, so Ae = 1 and the value is 0/0
 *                     (scikit-learn returns NaN here; NLTK's alpha() returns 1);
 *   'not-two-raters'  Cohen's kappa asked for with other than two raters (tokenAgreement);
 *   'too-few-raters'  fewer than two raters.
 */
import { CoreError } from '../errors';

/** items × raters; null = missing. */
export type RatingMatrix = ReadonlyArray<ReadonlyArray<string | null>>;

export type NullReason = 'no-items' | 'single-category' | 'not-two-raters' | 'too-few-raters';

export interface Coefficient {
  /** The coefficient, or null (with `reason`) when it is undefined for this input. */
  value: number | null;
  reason: NullReason | null;
  /** Number of items (rows) the figure is based on. */
  items: number;
  /** Observed agreement Ao (null when there are no items). */
  observed: number | null;
  /** Expected (chance) agreement Ae (null when there are no items). */
  expected: number | null;
}

function nullCoefficient(reason: NullReason, items = 0, observed: number | null = null, expected: number | null = null): Coefficient {
  return { value: null, reason, items, observed, expected };
}

function raterCount(m: RatingMatrix): number {
  const first = m[0];
  if (first === undefined) return 0;
  const r = first.length;
  for (let i = 0; i < m.length; i++) {
    const row = m[i] as ReadonlyArray<string | null>;
    if (row.length !== r) throw new CoreError('invalid-argument', `rating matrix: row ${i} has ${row.length} ratings, row 0 has ${r}`);
    for (const v of row) {
      if (v !== null && typeof v !== 'string') throw new CoreError('invalid-argument', `rating matrix: row ${i} holds a label that is neither a string nor null`);
    }
  }
  return r;
}

/**
 * A rating matrix with its labels numbered (0..labels−1, −1 for missing), row after row: the
 * coefficients count with arrays instead of string-keyed maps (a token matrix of a long document
 * has a million rows). Built once per matrix and shared by the coefficients computed on it.
 */
interface Encoded {
  rows: number;
  raters: number;
  labels: number;
  codes: Int32Array;
}

const encodedCache = new WeakMap<RatingMatrix, Encoded>();

function encode(m: RatingMatrix): Encoded {
  const hit = encodedCache.get(m);
  if (hit) return hit;
  const raters = raterCount(m);
  const codes = new Int32Array(m.length * raters);
  const numbers = new Map<string, number>();
  let k = 0;
  for (const row of m) {
    for (const v of row) {
      if (v === null) {
        codes[k++] = -1;
        continue;
      }
      let c = numbers.get(v);
      if (c === undefined) {
        c = numbers.size;
        numbers.set(v, c);
      }
      codes[k++] = c;
    }
  }
  const e = { rows: m.length, raters, labels: numbers.size, codes };
  encodedCache.set(m, e);
  return e;
}

function inc(map: Map<string, number>, k: string, by = 1): void {
  map.set(k, (map.get(k) ?? 0) + by);
}

/**
 * Cohen's kappa (Cohen 1960) between two raters, over the items both rated (pairwise deletion):
 * Ao = share of those items with the same label, Ae = Σ_k pA(k)·pB(k) with each rater's own
 * label proportions. Equals sklearn.metrics.cohen_kappa_score on those items.
 */
export function cohenKappa(a: ReadonlyArray<string | null>, b: ReadonlyArray<string | null>): Coefficient {
  if (a.length !== b.length) throw new CoreError('invalid-argument', `cohenKappa: ${a.length} ratings against ${b.length}`);
  const ca = new Map<string, number>();
  const cb = new Map<string, number>();
  let n = 0;
  let agree = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || y === null || x === undefined || y === undefined) continue;
    n++;
    if (x === y) agree++;
    inc(ca, x);
    inc(cb, y);
  }
  if (n === 0) return nullCoefficient('no-items');
  let s = 0; // Σ_k countA(k)·countB(k), an integer
  for (const [k, v] of ca) s += v * (cb.get(k) ?? 0);
  const observed = agree / n;
  const expected = s / (n * n);
  if (s === n * n) return nullCoefficient('single-category', n, observed, expected);
  // (Ao − Ae)/(1 − Ae) with integer numerator and denominator: one rounding only
  return { value: (agree * n - s) / (n * n - s), reason: null, items: n, observed, expected };
}

/**
 * Krippendorff's alpha, nominal metric, any number of raters, missing values allowed
 * (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"). Only pairable items (two or
 * more ratings) count; with m_u ratings in item u, n = Σ m_u pairable values, n_c their label
 * totals and D_u the number of ordered pairs of ratings in u that differ:
 *   Do = (1/n) Σ_u D_u / (m_u − 1),   De = (n² − Σ_c n_c²) / (n (n − 1)),   α = 1 − Do/De.
 * `observed` = 1 − Do, `expected` = 1 − De, `items` = the number of pairable items.
 * Equals nltk.metrics.agreement.AnnotationTask.alpha() (binary distance), except that NLTK
 * returns 1 when only one label occurs; this returns null ('single-category').
 */
export function krippendorffAlpha(m: RatingMatrix): Coefficient {
  const { rows, raters, labels, codes } = encode(m);
  const totals = new Float64Array(labels);
  const local = new Int32Array(labels);
  const seen: number[] = [];
  let n = 0;
  let items = 0;
  let doSum = 0; // Σ_u D_u / (m_u − 1)
  for (let i = 0, at = 0; i < rows; i++, at += raters) {
    let mu = 0;
    seen.length = 0;
    for (let j = 0; j < raters; j++) {
      const c = codes[at + j] as number;
      if (c < 0) continue;
      mu++;
      if (local[c] === 0) seen.push(c);
      local[c] = (local[c] as number) + 1;
    }
    if (mu >= 2) {
      items++;
      n += mu;
      let sq = 0;
      for (const c of seen) {
        const count = local[c] as number;
        sq += count * count;
        totals[c] = (totals[c] as number) + count;
      }
      doSum += (mu * mu - sq) / (mu - 1);
    }
    for (const c of seen) local[c] = 0;
  }
  if (items === 0) return nullCoefficient('no-items');
  let sq = 0;
  for (const c of totals) sq += c * c;
  const dO = doSum / n;
  const dE = (n * n - sq) / (n * (n - 1));
  if (sq === n * n) return nullCoefficient('single-category', items, 1 - dO, 1 - dE);
  // 1 − Do/De = 1 − (n − 1)·Σ_u D_u/(m_u − 1) / (n² − Σ n_c²)
  return { value: 1 - ((n - 1) * doSum) / (n * n - sq), reason: null, items, observed: 1 - dO, expected: 1 - dE };
}

/**
 * Fleiss' kappa (Fleiss 1971) over the items rated by every rater (rows with a null are left
 * out; `items` says how many remain). With N items, r raters, n_ij raters putting item i in
 * category j and p_j = Σ_i n_ij / (N r):
 *   P̄ = (Σ_ij n_ij² − N r) / (N r (r − 1)),   P̄e = Σ_j p_j²,   κ = (P̄ − P̄e) / (1 − P̄e).
 * Meant for three or more raters; with two it is Scott's pi. Equals
 * statsmodels.stats.inter_rater.fleiss_kappa and NLTK's AnnotationTask.pi() on complete data.
 */
export function fleissKappa(m: RatingMatrix): Coefficient {
  const { rows, raters: r, labels, codes } = encode(m);
  if (m.length > 0 && r < 2) return nullCoefficient('too-few-raters');
  const totals = new Float64Array(labels);
  const local = new Int32Array(labels);
  const seen: number[] = [];
  let items = 0;
  let q = 0; // Σ_ij n_ij²
  rows: for (let i = 0, at = 0; i < rows; i++, at += r) {
    for (let j = 0; j < r; j++) if ((codes[at + j] as number) < 0) continue rows;
    seen.length = 0;
    for (let j = 0; j < r; j++) {
      const c = codes[at + j] as number;
      if (local[c] === 0) seen.push(c);
      local[c] = (local[c] as number) + 1;
    }
    items++;
    for (const c of seen) {
      const count = local[c] as number;
      q += count * count;
      totals[c] = (totals[c] as number) + count;
      local[c] = 0;
    }
  }
  if (items === 0) return nullCoefficient('no-items');
  const t = items * r;
  let sq = 0;
  for (const c of totals) sq += c * c;
  const observed = (q - t) / (t * (r - 1));
  const expected = sq / (t * t);
  if (sq === t * t) return nullCoefficient('single-category', items, observed, expected);
  return { value: (observed - expected) / (1 - expected), reason: null, items, observed, expected };
}

/**
 * Observed agreement, 1 − Do of Krippendorff's alpha: over the pairable items (two or more
 * ratings), the share of agreeing pairs of ratings, each rating's pairs weighted 1/(m_u − 1).
 * With complete data this is the share of agreeing rater pairs (NLTK's avg_Ao, Fleiss' P̄); with
 * two raters, the share of items both rated on which they agree. `expected` is null.
 */
export function observedAgreement(m: RatingMatrix): Coefficient {
  const a = krippendorffAlpha(m);
  if (a.items === 0) return nullCoefficient('no-items');
  return { value: a.observed, reason: null, items: a.items, observed: a.observed, expected: null };
}
