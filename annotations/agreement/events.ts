/**
 * Event agreement between two sets of events of one document, A the reference and B the
 * candidate, with the four figures of ACE event-extraction evaluation (Li, Ji and Huang 2013;
 * the OneIE scorer, Lin et al. 2020):
 *
 * - trigger identification: a B trigger is correct if its span (start, end) equals an A
 *   trigger's span;
 * - trigger classification: ... and the event types are equal;
 * - argument identification: a B argument is correct if its filler span and its event's type
 *   equal those of an A argument (the trigger need not match: Li et al. 2013);
 * - argument classification: ... and the roles are equal.
 *
 * With `{ argumentMatch: 'trigger' }` an argument must in addition belong to an event whose
 * trigger span equals the A event's trigger span (a stricter, also common, convention).
 *
 * Counting is one-to-one: triggers are a multiset (two events with the same trigger span are
 * two triggers), matched = Σ over keys of min(#A, #B) with key = span (identification) or
 * span + type (classification). Arguments are, as in OneIE, a SET of tuples (filler start,
 * filler end, event type[, trigger span], role) per document: the same tuple twice counts once.
 * Argument classification matches = |A ∩ B|; identification matches = Σ over (filler span,
 * event type[, trigger span]) of min(#A tuples, #B tuples) with that key. This equals OneIE's
 * count whenever no key carries two roles in one set (OneIE counts one B argument per role
 * then, which can make recall exceed 1; this never does). classification ≤ identification.
 * precision = matched / |B|, recall = matched / |A|, F1 = 2·matched / (|A| + |B|), null on 0/0.
 */
import { CoreError } from '../errors';
import { checkRange, prf, type CorpusResult, type PRF } from './common';

export interface AgreementEventArgument {
  role: string;
  /** Span of the argument's filler (its entity mention), code points. */
  start: number;
  end: number;
}

export interface AgreementEvent {
  id?: string;
  type: string;
  trigger: { start: number; end: number };
  arguments: readonly AgreementEventArgument[];
}

export type ArgumentMatch = 'event-type' | 'trigger';

export interface EventAgreementOptions {
  /** 'event-type' (default, ACE/OneIE) or 'trigger' (also the trigger span must match). */
  argumentMatch?: ArgumentMatch;
}

export interface CountScores extends PRF {
  matched: number;
  /** Items in A. */
  reference: number;
  /** Items in B. */
  candidate: number;
}

export interface EventAgreement {
  triggerIdentification: CountScores;
  triggerClassification: CountScores;
  argumentIdentification: CountScores;
  argumentClassification: CountScores;
}

function scores(matched: number, reference: number, candidate: number): CountScores {
  return { matched, reference, candidate, ...prf(matched, reference, candidate) };
}

function tally(keys: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

function minSum(a: Map<string, number>, b: Map<string, number>): number {
  let s = 0;
  for (const [k, n] of a) s += Math.min(n, b.get(k) ?? 0);
  return s;
}

function check(events: readonly AgreementEvent[], set: string): void {
  events.forEach((e, i) => {
    const where = `set ${set}, event ${i}`;
    if (e === null || typeof e !== 'object' || typeof e.type !== 'string' || e.type === '') throw new CoreError('invalid-argument', `${where}: an event needs a non-empty type`);
    if (e.trigger === null || typeof e.trigger !== 'object') throw new CoreError('invalid-argument', `${where}: an event needs a trigger {start, end}`);
    checkRange(e.trigger.start, e.trigger.end, `${where}, trigger`);
    if (!Array.isArray(e.arguments)) throw new CoreError('invalid-argument', `${where}: arguments must be an array`);
    e.arguments.forEach((a, j) => {
      if (a === null || typeof a !== 'object' || typeof a.role !== 'string' || a.role === '') throw new CoreError('invalid-argument', `${where}, argument ${j}: needs a non-empty role`);
      checkRange(a.start, a.end, `${where}, argument ${j}`);
    });
  });
}

/** The distinct argument tuples of a set: identification key → set of roles. */
function argumentTuples(events: readonly AgreementEvent[], mode: ArgumentMatch): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of events) {
    for (const a of e.arguments) {
      const key = JSON.stringify(mode === 'trigger' ? [a.start, a.end, e.type, e.trigger.start, e.trigger.end] : [a.start, a.end, e.type]);
      let roles = out.get(key);
      if (!roles) out.set(key, (roles = new Set()));
      roles.add(a.role);
    }
  }
  return out;
}

/** Event agreement of one document (see the module comment). */
export function eventAgreement(a: readonly AgreementEvent[], b: readonly AgreementEvent[], options: EventAgreementOptions = {}): EventAgreement {
  check(a, 'A');
  check(b, 'B');
  const mode = options.argumentMatch ?? 'event-type';
  const span = (e: AgreementEvent): string => `${e.trigger.start}:${e.trigger.end}`;
  const typed = (e: AgreementEvent): string => `${span(e)}:${JSON.stringify(e.type)}`;
  const trigIdn = minSum(tally(a.map(span)), tally(b.map(span)));
  const trigCls = minSum(tally(a.map(typed)), tally(b.map(typed)));
  const ta = argumentTuples(a, mode);
  const tb = argumentTuples(b, mode);
  let refArgs = 0;
  let candArgs = 0;
  let argIdn = 0;
  let argCls = 0;
  for (const roles of ta.values()) refArgs += roles.size;
  for (const [key, roles] of tb) {
    candArgs += roles.size;
    const other = ta.get(key);
    if (!other) continue;
    argIdn += Math.min(roles.size, other.size);
    for (const r of roles) if (other.has(r)) argCls++;
  }
  return {
    triggerIdentification: scores(trigIdn, a.length, b.length),
    triggerClassification: scores(trigCls, a.length, b.length),
    argumentIdentification: scores(argIdn, refArgs, candArgs),
    argumentClassification: scores(argCls, refArgs, candArgs),
  };
}

/** Micro-average: sums matched/reference/candidate of each figure, then recomputes. */
export function sumEventAgreements(results: readonly EventAgreement[]): EventAgreement {
  const sum = (k: keyof EventAgreement): CountScores => {
    let m = 0;
    let r = 0;
    let c = 0;
    for (const x of results) {
      m += x[k].matched;
      r += x[k].reference;
      c += x[k].candidate;
    }
    return scores(m, r, c);
  };
  return {
    triggerIdentification: sum('triggerIdentification'),
    triggerClassification: sum('triggerClassification'),
    argumentIdentification: sum('argumentIdentification'),
    argumentClassification: sum('argumentClassification'),
  };
}

export interface EventDocumentPair {
  docId: string;
  a: readonly AgreementEvent[];
  b: readonly AgreementEvent[];
}

/** Per document and for the corpus (counts summed, then computed); with `keep`, only the documents it accepts get their own figures. */
export function eventAgreementCorpus(docs: readonly EventDocumentPair[], options: EventAgreementOptions = {}, keep?: (docId: string) => boolean): CorpusResult<EventAgreement> {
  const documents = docs.map((d) => ({ docId: d.docId, result: eventAgreement(d.a, d.b, options) }));
  return { documents: keep === undefined ? documents : documents.filter((d) => keep(d.docId)), corpus: sumEventAgreements(documents.map((d) => d.result)) };
}
