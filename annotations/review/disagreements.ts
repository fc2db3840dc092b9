/**
 * Disagreements between two or more annotation sets of one document (pure), for the review
 * screen and adjudication.
 *
 * Annotations are aligned into groups with at most one annotation per set: the sets are taken in
 * the given order and each set's annotations are matched one-to-one to the groups built so far
 * with the agreement module's span matching (identical span first, then same type, then higher
 * overlap; see annotations/agreement/spans.ts); unmatched ones start new groups. Events are
 * aligned the same way by trigger span and type. A group is agreed when every set has an
 * identical annotation (same span and type; for events also the same arguments: role and filler
 * span); otherwise it is a disagreement, classified by what differs:
 *
 *   kind        mention                                        event
 *   'boundary'  spans overlap but differ (a prefix included    trigger spans differ
 *               by one annotator only: `prefix` is true)
 *   'type'      same span, different type                      same trigger, different type
 *   'arguments' —                                              same trigger and type, argument
 *                                                              roles or fillers differ
 *   'missing'   the sets that have it agree; other sets lack it  (likewise)
 *
 * (`missingIn` lists the sets without a member also for the other kinds.) Disagreements are
 * ordered by position (start, end of the group's extent), mentions before events, then key, so
 * "next disagreement" is stable. Each has a `key` that depends only on its content (set names,
 * spans, types, roles), not on ids, so a rejection recorded under it stays attached while the
 * annotations do not change.
 */
import { matchSpans } from '../agreement/spans';
import { cmpStr } from '../agreement/common';
import { CoreError } from '../errors';

/** An entity mention as review sees it. */
export interface ReviewMention {
  id: string;
  type: string;
  start: number;
  end: number;
}

/** An event as review sees it: arguments point at mentions of the same set. */
export interface ReviewEvent {
  id: string;
  type: string;
  triggerStart: number;
  triggerEnd: number;
  arguments: readonly { role: string; mentionId: string }[];
}

export interface ReviewSet {
  /** The set's name (an annotator, or "gold"). */
  name: string;
  mentions: readonly ReviewMention[];
  events?: readonly ReviewEvent[];
}

export type DisagreementKind = 'boundary' | 'type' | 'arguments' | 'missing';

/** One argument that not every set gives an event. */
export interface ArgumentDifference {
  role: string;
  start: number;
  end: number;
  /** Sets whose event has this argument. */
  in: string[];
  /** 'role': every set's event has an argument with this filler span, but not all with this role; else 'filler'. */
  problem: 'role' | 'filler';
}

export interface DisagreementMember {
  set: string;
  id: string;
  type: string;
  start: number;
  end: number;
}

export interface Disagreement {
  key: string;
  target: 'mention' | 'event';
  kind: DisagreementKind;
  /** Extent of all members (code points). */
  start: number;
  end: number;
  /** One per set that has the annotation, in the given set order. Events: start/end are the trigger's. */
  members: DisagreementMember[];
  /** Sets that have no member. */
  missingIn: string[];
  /** boundary: the spans share their end and the longer one only adds letters to the start of the same word (a prefix). */
  prefix?: boolean;
  /** Event disagreements: the arguments not given by every set. */
  arguments?: ArgumentDifference[];
}

/** An annotation identical in every set: its id in each set, by set name. */
export interface AgreedAnnotation {
  target: 'mention' | 'event';
  type: string;
  start: number;
  end: number;
  ids: Record<string, string>;
}

export interface Comparison {
  disagreements: Disagreement[];
  agreed: AgreedAnnotation[];
}

interface Group<T> {
  members: Array<{ set: number; item: T }>;
}

/** Aligns items of the sets into groups (at most one item per set), by span matching. */
function align<T>(sets: readonly (readonly T[])[], span: (t: T) => { id: string; type: string; start: number; end: number }): Group<T>[] {
  const groups: Group<T>[] = [];
  sets.forEach((items, s) => {
    const reps = groups.map((g) => span((g.members[0] as { item: T }).item));
    const cand = items.map(span);
    const m = matchSpans(reps, cand);
    for (const p of m.pairs) (groups[p.a] as Group<T>).members.push({ set: s, item: items[p.b] as T });
    for (const j of m.spurious) groups.push({ members: [{ set: s, item: items[j] as T }] });
  });
  return groups;
}

const WORD_BREAK = /[\s\p{P}]/u;

function isPrefixDifference(members: readonly DisagreementMember[], text: string | undefined): boolean {
  if (members.length < 2) return false;
  const end = (members[0] as DisagreementMember).end;
  if (!members.every((m) => m.end === end)) return false;
  const starts = members.map((m) => m.start);
  const lo = Math.min(...starts);
  const hi = Math.max(...starts);
  if (hi - lo > 3) return false;
  if (text === undefined) return true;
  const extra = [...text].slice(lo, hi).join('');
  return extra.length > 0 && !WORD_BREAK.test(extra);
}

function memberKey(m: DisagreementMember): string {
  return `${m.set}:${m.start}-${m.end}:${m.type}`;
}

/**
 * Compares the sets of one document (two or more; names unique). `text` (optional) lets boundary
 * disagreements be recognised as prefix disagreements only within a word.
 */
export function compareSets(sets: readonly ReviewSet[], text?: string): Comparison {
  if (sets.length < 2) throw new CoreError('invalid-argument', 'compareSets needs at least two sets');
  const names = sets.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new CoreError('invalid-argument', 'compareSets: set names must be unique');
  const disagreements: Disagreement[] = [];
  const agreed: AgreedAnnotation[] = [];

  // mentions
  for (const g of align(
    sets.map((s) => s.mentions),
    (m) => m,
  )) {
    const members: DisagreementMember[] = g.members
      .sort((x, y) => x.set - y.set)
      .map(({ set, item }) => ({ set: names[set] as string, id: item.id, type: item.type, start: item.start, end: item.end }));
    const first = members[0] as DisagreementMember;
    const sameSpan = members.every((m) => m.start === first.start && m.end === first.end);
    const sameType = members.every((m) => m.type === first.type);
    const missingIn = names.filter((n) => !members.some((m) => m.set === n));
    if (sameSpan && sameType && missingIn.length === 0) {
      agreed.push({ target: 'mention', type: first.type, start: first.start, end: first.end, ids: Object.fromEntries(members.map((m) => [m.set, m.id])) });
      continue;
    }
    const kind: DisagreementKind = !sameSpan ? 'boundary' : !sameType ? 'type' : 'missing';
    const d: Disagreement = {
      key: `m|${members.map(memberKey).join('|')}|-${missingIn.join(',')}`,
      target: 'mention',
      kind,
      start: Math.min(...members.map((m) => m.start)),
      end: Math.max(...members.map((m) => m.end)),
      members,
      missingIn,
    };
    if (kind === 'boundary') d.prefix = isPrefixDifference(members, text);
    disagreements.push(d);
  }

  // events
  const mentionById = sets.map((s) => new Map(s.mentions.map((m) => [m.id, m] as const)));
  // An argument that is an event is compared by that event's type and trigger span.
  const eventById = sets.map((s) => new Map((s.events ?? []).map((e) => [e.id, e] as const)));
  const argKeys = (set: number, e: ReviewEvent): string[] =>
    [
      ...new Set(
        e.arguments.map((a) => {
          const ev = eventById[set]?.get(a.mentionId);
          if (ev !== undefined) return `${a.role}@${ev.type}:${ev.triggerStart}-${ev.triggerEnd}`;
          const m = mentionById[set]?.get(a.mentionId);
          return `${a.role}@${m?.start ?? -1}-${m?.end ?? -1}`;
        }),
      ),
    ].sort(cmpStr);
  for (const g of align(
    sets.map((s) => s.events ?? []),
    (e) => ({ id: e.id, type: e.type, start: e.triggerStart, end: e.triggerEnd }),
  )) {
    g.members.sort((x, y) => x.set - y.set);
    const members: DisagreementMember[] = g.members.map(({ set, item }) => ({
      set: names[set] as string,
      id: item.id,
      type: item.type,
      start: item.triggerStart,
      end: item.triggerEnd,
    }));
    const first = members[0] as DisagreementMember;
    const sameSpan = members.every((m) => m.start === first.start && m.end === first.end);
    const sameType = members.every((m) => m.type === first.type);
    const missingIn = names.filter((n) => !members.some((m) => m.set === n));
    const argsPerMember = g.members.map(({ set, item }) => argKeys(set, item));
    const allArgs = [...new Set(argsPerMember.flat())].sort(cmpStr);
    const differences: ArgumentDifference[] = [];
    for (const k of allArgs) {
      const inSets = members.filter((_, i) => (argsPerMember[i] as string[]).includes(k)).map((m) => m.set);
      if (inSets.length === members.length) continue;
      const at = k.indexOf('@');
      const role = k.slice(0, at);
      const [start, end] = k.slice(at + 1).split('-').map(Number) as [number, number];
      const filler = `@${start}-${end}`;
      const everyHasFiller = argsPerMember.every((list) => list.some((x) => x.endsWith(filler)));
      differences.push({ role, start, end, in: inSets, problem: everyHasFiller ? 'role' : 'filler' });
    }
    if (sameSpan && sameType && missingIn.length === 0 && differences.length === 0) {
      agreed.push({ target: 'event', type: first.type, start: first.start, end: first.end, ids: Object.fromEntries(members.map((m) => [m.set, m.id])) });
      continue;
    }
    const kind: DisagreementKind = !sameSpan ? 'boundary' : !sameType ? 'type' : differences.length > 0 && members.length > 1 ? 'arguments' : 'missing';
    const d: Disagreement = {
      key: `e|${members.map((m, i) => `${memberKey(m)}[${(argsPerMember[i] as string[]).join(',')}]`).join('|')}|-${missingIn.join(',')}`,
      target: 'event',
      kind,
      start: Math.min(...members.map((m) => m.start)),
      end: Math.max(...members.map((m) => m.end)),
      members,
      missingIn,
    };
    if (differences.length > 0) d.arguments = differences;
    disagreements.push(d);
  }

  disagreements.sort((x, y) => x.start - y.start || x.end - y.end || (x.target === y.target ? 0 : x.target === 'mention' ? -1 : 1) || cmpStr(x.key, y.key));
  agreed.sort((x, y) => x.start - y.start || x.end - y.end || (x.target === y.target ? 0 : x.target === 'mention' ? -1 : 1) || cmpStr(x.type, y.type));
  return { disagreements, agreed };
}

/** Disagreements only (see compareSets). */
export function listDisagreements(sets: readonly ReviewSet[], text?: string): Disagreement[] {
  return compareSets(sets, text).disagreements;
}

/** The annotations identical in all sets (see compareSets). */
export function agreedAnnotations(sets: readonly ReviewSet[]): AgreedAnnotation[] {
  return compareSets(sets).agreed;
}

/** The index of the next (direction 1) or previous (-1) disagreement after position `from` (code points), wrapping; -1 when none. */
export function nextDisagreement(list: readonly Disagreement[], from: number, direction: 1 | -1 = 1): number {
  if (list.length === 0) return -1;
  if (direction === 1) {
    const i = list.findIndex((d) => d.start > from);
    return i === -1 ? 0 : i;
  }
  for (let i = list.length - 1; i >= 0; i--) if ((list[i] as Disagreement).start < from) return i;
  return list.length - 1;
}
