/**
 * Review and adjudication over one project: compare annotation sets, accept annotations into the
 * gold set (the reserved annotator "gold") with provenance, reject disagreements. Every
 * adjudication is logged as one undo step of the gold set.
 */
import { GOLD_SET, isEventRef, type EntityMention, type EventMention, type Provenance, type Relation } from '../../annotations/model';
import { compareSets, type ReviewSet } from '../../annotations/review';
import type { AdjudicationResult, AnnotationValue, Args, Ret, ReviewComparison, ReviewSetView } from '../contract';
import type { Store } from '../store';
import { domain, type ServiceContext } from './context';
import { ServiceError } from './errors';
import { logItems, type LogItem } from './history';

type Source = { annotator: string; id: string };

function withSources(p: Provenance | undefined, sources: readonly Source[], at: string): Provenance {
  const base: Provenance = p ?? { action: 'accepted', sources: [], at };
  const merged = [...base.sources];
  for (const s of sources) if (!merged.some((x) => x.annotator === s.annotator && x.id === s.id)) merged.push(s);
  merged.sort((a, b) => (a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  return { ...base, sources: merged };
}

class Review {
  constructor(private readonly ctx: ServiceContext) {}

  private get store(): Store {
    return this.ctx.store;
  }

  private requireDoc(docId: string): NonNullable<ReturnType<Store['getDocument']>> {
    const doc = this.store.getDocument(docId);
    if (doc === null) throw new ServiceError('not-found', `no document ${JSON.stringify(docId)} in this project`);
    return doc;
  }

  private requireAnnotators(names: readonly string[]): void {
    const known = this.store.listAnnotators();
    for (const a of names) if (!known.includes(a)) throw new ServiceError('not-found', `no annotator ${JSON.stringify(a)} in this project`);
    if (new Set(names).size !== names.length) throw new ServiceError('invalid-argument', 'an annotation set is listed twice');
  }

  private view(docId: string, annotator: string): ReviewSetView {
    return {
      annotator,
      mentions: this.store.listMentions(docId, annotator),
      events: this.store.listEvents(docId, annotator),
      relations: this.store.listRelations(docId, annotator),
    };
  }

  compare(a: Args<'review.compare'>): Ret<'review.compare'> {
    const doc = this.requireDoc(a.docId);
    this.requireAnnotators(a.annotators);
    const sets = a.annotators.map((n) => this.view(doc.id, n));
    const gold = this.view(doc.id, GOLD_SET);
    const input: ReviewSet[] = sets.map((s) => ({ name: s.annotator, mentions: s.mentions, events: s.events }));
    const { disagreements, agreed } = compareSets(input, doc.text);
    // The latest decision counts: a rejection, then an acceptance of the same disagreement, is
    // accepted (gold holds it); an acceptance, then a rejection, is rejected.
    const rejectedAt = new Map(this.store.listRejections(doc.id).map((r) => [r.key, r.createdAt]));
    const goldSpans = new Map(gold.mentions.map((m) => [`${m.start}-${m.end}`, m.updatedAt]));
    const goldTriggers = new Map(gold.events.map((e) => [`${e.triggerStart}-${e.triggerEnd}`, e.updatedAt]));
    const out: ReviewComparison = {
      docId: doc.id,
      annotators: [...a.annotators],
      sets,
      gold,
      disagreements: disagreements.map((d) => {
        const spans = d.target === 'mention' ? goldSpans : goldTriggers;
        let acceptedAt: string | null = null;
        for (const m of d.members) {
          const t = spans.get(`${m.start}-${m.end}`);
          if (t !== undefined && (acceptedAt === null || t > acceptedAt)) acceptedAt = t;
        }
        const rejected = rejectedAt.get(d.key);
        const resolution = rejected !== undefined && (acceptedAt === null || rejected > acceptedAt) ? 'rejected' : acceptedAt !== null ? 'accepted' : null;
        return { ...d, resolution };
      }),
      agreed,
    };
    return out;
  }

  // ---- accept ------------------------------------------------------------------------------------

  /** The gold mention for `m` (same span and type), created or given `sources` as needed. */
  private goldMention(m: EntityMention, sources: readonly Source[], at: string, items: LogItem[], out: AnnotationValue[]): EntityMention {
    const dup = this.store.findDuplicateMention({ docId: m.docId, annotator: GOLD_SET, type: m.type, start: m.start, end: m.end, ...(m.fragments ? { fragments: m.fragments } : {}) });
    if (dup !== null) {
      const before = this.store.getMention(dup) as EntityMention;
      const provenance = withSources(before.provenance, sources, at);
      if (JSON.stringify(provenance) === JSON.stringify(before.provenance)) return before;
      const after = this.store.updateMention(dup, { provenance, updatedAt: at });
      items.push({ target: 'mention', targetId: dup, kind: 'update', before, after });
      out.push({ kind: 'mention', mention: after });
      return after;
    }
    const created = this.store.insertMention({
      docId: m.docId,
      type: m.type,
      start: m.start,
      end: m.end,
      annotator: GOLD_SET,
      origin: 'gold',
      createdAt: at,
      updatedAt: at,
      ...(m.attributes ? { attributes: m.attributes } : {}),
      ...(m.note ? { note: m.note } : {}),
      ...(m.fragments ? { fragments: m.fragments } : {}),
      ...(m.normalizations ? { normalizations: m.normalizations } : {}),
      provenance: withSources(undefined, sources, at),
    });
    items.push({ target: 'mention', targetId: created.id, kind: 'create', before: null, after: created });
    out.push({ kind: 'mention', mention: created });
    return created;
  }

  /** Events being accepted (an argument that is an event is accepted with it; a cycle is refused). */
  private readonly accepting = new Set<string>();

  /** The gold annotation for an argument or relation end: a mention or (accepted with it) an event. */
  private goldLink(id: string, what: string, at: string, items: LogItem[], out: AnnotationValue[]): string {
    if (!isEventRef(id)) {
      const m = this.store.getMention(id);
      if (m === null) throw new ServiceError('not-found', `${what}: no mention ${id}`);
      return this.goldMention(m, [{ annotator: m.annotator, id: m.id }], at, items, out).id;
    }
    const ev = this.store.getEvent(id);
    if (ev === null) throw new ServiceError('not-found', `${what}: no event ${id}`);
    if (this.accepting.has(id)) throw new ServiceError('conflict', `${what}: events whose arguments form a cycle (through ${id}) cannot be accepted one by one`);
    return this.goldEvent(ev, [{ annotator: ev.annotator, id: ev.id }], at, items, out).id;
  }

  private goldEvent(e: EventMention, sources: readonly Source[], at: string, items: LogItem[], out: AnnotationValue[]): EventMention {
    this.accepting.add(e.id);
    try {
      return this.goldEventInner(e, sources, at, items, out);
    } finally {
      this.accepting.delete(e.id);
    }
  }

  private goldEventInner(e: EventMention, sources: readonly Source[], at: string, items: LogItem[], out: AnnotationValue[]): EventMention {
    const args = e.arguments.map((x) => {
      if (isEventRef(x.mentionId)) return { role: x.role, mentionId: this.goldLink(x.mentionId, `event ${e.id}`, at, items, out) };
      const filler = this.store.getMention(x.mentionId);
      if (filler === null) throw new ServiceError('not-found', `event ${e.id}: no mention ${x.mentionId}`);
      const g = this.goldMention(filler, [{ annotator: filler.annotator, id: filler.id }], at, items, out);
      return { role: x.role, mentionId: g.id };
    });
    const existing = this.store.listEvents(e.docId, GOLD_SET).find((x) => x.type === e.type && x.triggerStart === e.triggerStart && x.triggerEnd === e.triggerEnd);
    if (existing !== undefined) {
      const merged = [...existing.arguments];
      for (const x of args) if (!merged.some((y) => y.role === x.role && y.mentionId === x.mentionId)) merged.push(x);
      const provenance = withSources(existing.provenance, sources, at);
      if (merged.length === existing.arguments.length && JSON.stringify(provenance) === JSON.stringify(existing.provenance)) return existing;
      const after = this.store.updateEvent(existing.id, { arguments: merged, provenance, updatedAt: at });
      items.push({ target: 'event', targetId: existing.id, kind: 'update', before: existing, after });
      out.push({ kind: 'event', event: after });
      return after;
    }
    const unique = args.filter((x, i) => args.findIndex((y) => y.role === x.role && y.mentionId === x.mentionId) === i);
    const created = this.store.insertEvent({
      docId: e.docId,
      type: e.type,
      triggerStart: e.triggerStart,
      triggerEnd: e.triggerEnd,
      annotator: GOLD_SET,
      origin: 'gold',
      arguments: unique,
      attributes: e.attributes,
      note: e.note,
      createdAt: at,
      updatedAt: at,
      provenance: withSources(undefined, sources, at),
      ...(e.triggerFragments ? { triggerFragments: e.triggerFragments } : {}),
    });
    items.push({ target: 'event', targetId: created.id, kind: 'create', before: null, after: created });
    out.push({ kind: 'event', event: created });
    return created;
  }

  private goldRelation(r: Relation, sources: readonly Source[], at: string, items: LogItem[], out: AnnotationValue[]): Relation {
    const arg1 = this.goldLink(r.arg1, `relation ${r.id}`, at, items, out);
    const arg2 = this.goldLink(r.arg2, `relation ${r.id}`, at, items, out);
    const existing = this.store.listRelations(r.docId, GOLD_SET).find((x) => x.type === r.type && x.arg1 === arg1 && x.arg2 === arg2);
    if (existing !== undefined) {
      const provenance = withSources(existing.provenance, sources, at);
      if (JSON.stringify(provenance) === JSON.stringify(existing.provenance)) return existing;
      const after = this.store.updateRelation(existing.id, { provenance, updatedAt: at });
      items.push({ target: 'relation', targetId: existing.id, kind: 'update', before: existing, after });
      out.push({ kind: 'relation', relation: after });
      return after;
    }
    const created = this.store.insertRelation({
      docId: r.docId,
      type: r.type,
      arg1,
      arg2,
      annotator: GOLD_SET,
      origin: 'gold',
      attributes: r.attributes,
      note: r.note,
      createdAt: at,
      updatedAt: at,
      provenance: withSources(undefined, sources, at),
    });
    items.push({ target: 'relation', targetId: created.id, kind: 'create', before: null, after: created });
    out.push({ kind: 'relation', relation: created });
    return created;
  }

  private adjudicate(docId: string, fn: (at: string, items: LogItem[], out: AnnotationValue[]) => void): AdjudicationResult {
    const at = this.ctx.now();
    const gold = this.store.transaction(() => {
      this.store.ensureAnnotator(GOLD_SET, at);
      const items: LogItem[] = [];
      const out: AnnotationValue[] = [];
      fn(at, items, out);
      logItems(this.ctx, docId, GOLD_SET, items);
      return out;
    });
    return { gold, history: this.store.historyState(docId, GOLD_SET) };
  }

  accept(a: Args<'review.accept'>): Ret<'review.accept'> {
    const doc = this.requireDoc(a.docId);
    if (a.from === GOLD_SET) throw new ServiceError('invalid-argument', 'annotations are accepted from an annotator into gold, not from gold');
    this.requireAnnotators([a.from]);
    const check = <T extends { docId: string; annotator: string } | null>(x: T, id: string): NonNullable<T> => {
      if (x === null) throw new ServiceError('not-found', `no annotation ${JSON.stringify(id)}`);
      if (x.docId !== doc.id) throw new ServiceError('invalid-argument', `${id} is in another document`);
      if (x.annotator !== a.from) throw new ServiceError('invalid-argument', `${id} belongs to ${x.annotator}, not to ${a.from}`);
      return x as NonNullable<T>;
    };
    return this.adjudicate(doc.id, (at, items, out) => {
      for (const id of a.ids) {
        const src = [{ annotator: a.from, id }];
        if (id.startsWith('E')) this.goldEvent(check(this.store.getEvent(id), id), src, at, items, out);
        else if (id.startsWith('R')) this.goldRelation(check(this.store.getRelation(id), id), src, at, items, out);
        else this.goldMention(check(this.store.getMention(id), id), src, at, items, out);
      }
    });
  }

  acceptAgreed(a: Args<'review.acceptAgreed'>): Ret<'review.acceptAgreed'> {
    if (a.annotators.includes(GOLD_SET)) throw new ServiceError('invalid-argument', 'compare annotators, not the gold set, to accept their agreed annotations');
    const cmp = this.compare({ docId: a.docId, annotators: a.annotators });
    return this.adjudicate(cmp.docId, (at, items, out) => {
      for (const ag of cmp.agreed) {
        const sources = Object.entries(ag.ids).map(([annotator, id]) => ({ annotator, id }));
        const first = sources[0] as Source;
        if (ag.target === 'mention') this.goldMention(this.store.getMention(first.id) as EntityMention, sources, at, items, out);
        else this.goldEvent(this.store.getEvent(first.id) as EventMention, sources, at, items, out);
      }
    });
  }

  reject(a: Args<'review.reject'>): Ret<'review.reject'> {
    const doc = this.requireDoc(a.docId);
    if (this.store.listRejections(doc.id).some((r) => r.key === a.disagreementKey)) {
      throw new ServiceError('conflict', 'this disagreement is already rejected');
    }
    const at = this.ctx.now();
    const rejection = this.store.transaction(() => {
      this.store.ensureAnnotator(GOLD_SET, at);
      const r = this.store.insertRejection({ docId: doc.id, key: a.disagreementKey, annotator: GOLD_SET, createdAt: at });
      logItems(this.ctx, doc.id, GOLD_SET, [{ target: 'rejection', targetId: r.id, kind: 'create', before: null, after: r }]);
      return r;
    });
    return { rejection, history: this.store.historyState(doc.id, GOLD_SET) };
  }
}

export const review = domain((ctx) => {
  const r = new Review(ctx);
  return {
    'review.compare': (a) => {
      const out = r.compare(a);
      // the review screen is open on these sets: the agreement worker prepares their documents' token items
      ctx.agreementLikely(a.annotators);
      return out;
    },
    'review.accept': (a) => r.accept(a),
    'review.acceptAgreed': (a) => r.acceptAgreed(a),
    'review.reject': (a) => r.reject(a),
  };
});
