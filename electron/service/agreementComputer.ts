/**
 * Agreement figures of a project (`qalam agreement`, `review.agreement`): the pure functions of
 * annotations/agreement over the project's annotation sets. `AgreementComputer` keeps each
 * document's token items (documents never change once imported) and, for the annotators last
 * asked, every document's counts, so a later computation reads and counts only what changed. The
 * window's `review.agreement` runs it in the agreement worker (agreement.ts, agreementWorker.ts);
 * the CLI computes in its own thread (`computeAgreement`).
 */
import { AgreementCounts, agreementItems, eventAgreement, LabelNumbers, sumEventAgreements, type AgreementEvent, type CorpusResult, type EventAgreement, type SpanAgreement, type SpanColumns, type TokenAgreement, type TokenItems } from '../../annotations/agreement';
import type { EventMention } from '../../annotations/model';
import type { AgreementReport } from '../contract';
import type { Store } from '../store';
import { ServiceError } from './errors';

function toAgreementEvents(events: readonly EventMention[], mentions: readonly { id: string; start: number; end: number }[]): AgreementEvent[] {
  const byId = new Map<string, { start: number; end: number }>(mentions.map((m) => [m.id, m] as const));
  // An argument that is an event is matched by that event's trigger span.
  for (const e of events) byId.set(e.id, { start: e.triggerStart, end: e.triggerEnd });
  return events.map((e) => ({
    id: e.id,
    type: e.type,
    trigger: { start: e.triggerStart, end: e.triggerEnd },
    arguments: e.arguments.flatMap((a) => {
      const m = byId.get(a.mentionId);
      return m === undefined ? [] : [{ role: a.role, start: m.start, end: m.end }];
    }),
  }));
}

/** Refuses what cannot be computed: fewer than two annotators, one twice, an unknown annotator. */
export function checkAnnotators(store: Store, annotators: readonly string[]): void {
  if (annotators.length < 2) throw new ServiceError('invalid-argument', 'agreement needs at least two annotators');
  if (new Set(annotators).size !== annotators.length) throw new ServiceError('invalid-argument', 'an annotator is listed twice');
  const known = store.listAnnotators();
  for (const a of annotators) if (!known.includes(a)) throw new ServiceError('not-found', `no annotator ${JSON.stringify(a)} in this project (it has: ${known.join(', ') || 'none'})`);
}

/** Texts read at a time while preparing. */
const PREPARE_BATCH = 500;

/** Token items kept at most (two Int32Arrays each: 64 MB). */
const MAX_KEPT_ITEMS = 8_000_000;

/** Past this share of the documents changed, counting them all again is simpler than taking back and adding. */
const REBUILD_SHARE = 0.25;

/**
 * The counts of one list of annotators over every document one of them annotated, kept up to
 * date. Per document d and annotator i (at d * r + i): the set's stamp (`set_counts`, raised by
 * every write to it), whether it is annotated, its number of events, and where its mentions are:
 * [from, to) of `columns` (every set read in one statement), or of the document's own columns in
 * `changed` once it was read again after an edit.
 */
interface CorpusState {
  key: string;
  annotators: string[];
  /** The store's change counter it was brought up to date at. */
  revision: string;
  docIds: string[];
  names: string[];
  index: Map<string, number>;
  stamp: Float64Array;
  present: Uint8Array;
  events: Int32Array;
  from: Int32Array;
  to: Int32Array;
  /** Per row of `store.agreement.setCounts`, its set (d * r + i). */
  rows: Int32Array;
  /** The sets annotated by a status, flags or note only. */
  metaOnly: Set<number>;
  /** Documents counted (one of the annotators annotated it and its text is there). */
  counted: Uint8Array;
  columns: SpanColumns;
  changed: Map<number, SpanColumns>;
  counts: AgreementCounts;
  /** Per document with events: its event figures per pair (null where one of the two did not annotate). */
  eventFigures: Map<number, Array<EventAgreement | null>>;
  /** `AgreementReport.documents`, built again when a set becomes annotated or not. */
  used: AgreementReport['documents'] | null;
}

/**
 * Computes agreement reports over one project, keeping what never changes between them (each
 * document's token items, the numbers of the labels) and, for the annotators last asked, every
 * document's counts: after an edit only the documents whose sets changed (their stamps moved, or
 * they became annotated or not) are taken back with the mentions they were counted with, read
 * again and added (`AgreementCounts`); the figures are those of counting every document again.
 */
export class AgreementComputer {
  private readonly items = new Map<string, TokenItems>();
  private keptItems = 0;
  private readonly labels = new LabelNumbers();
  private state: CorpusState | null = null;

  /**
   * Agreement between `annotators` (two or more, in that order: the first of a pair is the
   * reference) over `documents` (default: every document at least one of them annotated). A
   * document an annotator did not annotate (no annotation, status, flag or note there) is left
   * out of that annotator's pairs and is missing values at token level. `perDocument`: the
   * documents whose own figures to give (default: all).
   */
  compute(store: Store, annotators: readonly string[], documents?: readonly string[], perDocument?: readonly string[]): AgreementReport {
    const only = perDocument === undefined ? undefined : new Set(perDocument);
    const keep = (docId: string): boolean => only === undefined || only.has(docId);
    const names = [...annotators];
    checkAnnotators(store, names);
    const explicit = documents !== undefined && documents.length > 0;
    return store.readSnapshot(() => {
      let st: CorpusState;
      try {
        st = this.upToDate(store, names);
      } catch (e) {
        this.state = null;
        throw e;
      }
      const r = names.length;
      let counts = st.counts;
      let chosen: number[];
      if (explicit) {
        // a corpus of the documents asked, in the order asked, annotated or not
        chosen = documents.map((id) => {
          const d = st.index.get(id);
          if (d === undefined) throw new ServiceError('not-found', `no document ${JSON.stringify(id)} in this project`);
          return d;
        });
        counts = new AgreementCounts(r, this.labels);
      } else {
        // the corpus figures are kept: only the documents with their own figures or with events are looked at
        chosen = [];
        for (let d = 0; d < st.docIds.length; d++) if (st.counted[d] && (only === undefined || only.has(st.docIds[d] as string) || st.eventFigures.has(d) || this.hasEvents(st, d))) chosen.push(d);
      }
      const from = new Int32Array(r);
      const to = new Int32Array(r);
      const docSpans: Array<CorpusResult<SpanAgreement>['documents']> = counts.pairs.map(() => []);
      const tokenDocs: CorpusResult<TokenAgreement>['documents'] = [];
      const eventDocs: Array<CorpusResult<EventAgreement>['documents']> = counts.pairs.map(() => []);
      const eventSums: EventAgreement[][] = counts.pairs.map(() => []);
      const used: AgreementReport['documents'] = [];
      const who = new Map<number, string[]>();
      for (let c = 0; c < chosen.length; c += PREPARE_BATCH) {
        const batch = chosen.slice(c, c + PREPARE_BATCH);
        const items = this.itemsBatch(store, batch.filter((d) => explicit || keep(st.docIds[d] as string)).map((d) => st.docIds[d] as string));
        for (const d of batch) {
          const docId = st.docIds[d] as string;
          const own = keep(docId);
          const docItems = items.get(docId);
          if (docItems !== undefined) {
            const sets = this.setsOf(st, d, from, to);
            if (explicit) {
              counts.order(docItems.length, sets, from, to);
              used.push({ docId, name: st.names[d] as string, annotators: this.whoOf(st, d, who) });
            }
            if (explicit && !own) counts.add(docItems, sets, from, to, 1);
            else if (own) {
              const figures = counts.document(docItems, sets, from, to, explicit);
              figures.spans.forEach((result, p) => {
                if (result !== null) (docSpans[p] as CorpusResult<SpanAgreement>['documents']).push({ docId, result });
              });
              tokenDocs.push({ docId, result: figures.tokens });
            }
          } else if (explicit) continue;
          this.eventsOf(store, st, d).forEach((result, p) => {
            if (result === null) return;
            if (own) (eventDocs[p] as CorpusResult<EventAgreement>['documents']).push({ docId, result });
            (eventSums[p] as EventAgreement[]).push(result);
          });
        }
      }
      if (!explicit && st.used === null) {
        const counted: number[] = [];
        for (let d = 0; d < st.docIds.length; d++) if (st.counted[d]) counted.push(d);
        st.used = counted.map((d) => ({ docId: st.docIds[d] as string, name: st.names[d] as string, annotators: this.whoOf(st, d, who) }));
      }
      return {
        annotators: names,
        documents: explicit ? used : (st.used as AgreementReport['documents']),
        spans: counts.pairs.map(([i, j], p) => ({
          a: names[i] as string,
          b: names[j] as string,
          result: { documents: docSpans[p] as CorpusResult<SpanAgreement>['documents'], corpus: counts.spanFigures(p) },
        })),
        tokens: { documents: tokenDocs, corpus: counts.tokenFigures() },
        events: counts.pairs.map(([i, j], p) => ({
          a: names[i] as string,
          b: names[j] as string,
          result: { documents: eventDocs[p] as CorpusResult<EventAgreement>['documents'], corpus: sumEventAgreements(eventSums[p] as EventAgreement[]) },
        })),
      };
    });
  }

  /**
   * Computes and keeps the token items of the documents any of `annotators` annotated (what a
   * `compute` for them needs first), so that the first figures only read and count.
   */
  prepare(store: Store, annotators: readonly string[]): void {
    store.readSnapshot(() => {
      const who = store.agreement.annotatorsByDocument(annotators);
      const missing = store.agreement
        .documentNames()
        .filter((d) => who.has(d.id) && !this.items.has(d.id))
        .map((d) => d.id);
      for (let i = 0; i < missing.length && this.keptItems < MAX_KEPT_ITEMS; i += PREPARE_BATCH) {
        const texts = store.agreement.texts(missing.slice(i, i + PREPARE_BATCH));
        for (const id of missing.slice(i, i + PREPARE_BATCH)) this.itemsOf(id, texts);
      }
    });
  }

  /** The counts for `names`, brought up to date with the store (inside a read snapshot). */
  private upToDate(store: Store, names: string[]): CorpusState {
    const key = JSON.stringify(names);
    const revision = store.agreement.changeCounter();
    const st = this.state;
    if (st !== null && st.key === key) {
      if (st.revision === revision) return st;
      if (store.agreement.documentCount() === st.docIds.length && this.update(store, st)) {
        st.revision = revision;
        return st;
      }
    }
    this.state = null;
    return (this.state = this.build(store, names, key, revision));
  }

  /** Every set read and every document counted. */
  private build(store: Store, names: string[], key: string, revision: string): CorpusState {
    const r = names.length;
    const docs = store.agreement.documentNames();
    const n = docs.length;
    const st: CorpusState = {
      key,
      annotators: names,
      revision,
      docIds: docs.map((d) => d.id),
      names: docs.map((d) => d.name),
      index: new Map(docs.map((d, i) => [d.id, i] as const)),
      stamp: new Float64Array(n * r),
      present: new Uint8Array(n * r),
      events: new Int32Array(n * r),
      from: new Int32Array(n * r),
      to: new Int32Array(n * r),
      rows: new Int32Array(0),
      metaOnly: new Set(),
      counted: new Uint8Array(n),
      columns: store.agreement.setColumns(names, (type) => this.labels.number(type)),
      changed: new Map(),
      counts: new AgreementCounts(r, this.labels),
      eventFigures: new Map(),
      used: null,
    };
    const sets = store.agreement.setCounts(names, true);
    st.rows = this.rowsOf(st, sets.docs as string[], sets.annotator);
    let at = 0;
    st.rows.forEach((x, k) => {
      st.stamp[x] = sets.stamp[k] as number;
      st.present[x] = sets.annotated[k] as number;
      st.events[x] = sets.events[k] as number;
      st.from[x] = at;
      st.to[x] = at += sets.mentions[k] as number;
    });
    if (at !== st.columns.count) throw new Error(`the mentions of ${names.join(', ')} changed while read (${st.columns.count} spans, ${at} counted by set)`);
    st.metaOnly = this.metaOnlyOf(store, st);
    for (const x of st.metaOnly) st.present[x] = 1;
    const annotated: number[] = [];
    for (let d = 0; d < n; d++) {
      for (let i = 0; i < r; i++) if (st.present[d * r + i]) st.counted[d] = 1;
      if (st.counted[d]) annotated.push(d);
    }
    this.countAll(store, st, annotated, 1);
    return st;
  }

  /** Per row of `setCounts`, its set (d * r + i); throws for a document not known (an import since: then built again). */
  private rowsOf(st: CorpusState, docs: readonly string[], annotator: Int32Array): Int32Array {
    const r = st.annotators.length;
    const rows = new Int32Array(docs.length);
    let last = '';
    let d = -1;
    for (let k = 0; k < docs.length; k++) {
      const id = docs[k] as string;
      if (id !== last) {
        const at = st.index.get(id);
        if (at === undefined) throw new Error(`document ${id} appeared while agreement was read`);
        d = at;
        last = id;
      }
      rows[k] = d * r + (annotator[k] as number);
    }
    return rows;
  }

  /** The sets annotated by a status, flags or a note only (as d * r + i). */
  private metaOnlyOf(store: Store, st: CorpusState): Set<number> {
    const r = st.annotators.length;
    const out = new Set<number>();
    for (const [doc, i] of store.agreement.metaOnly(st.annotators)) {
      const d = st.index.get(doc);
      if (d !== undefined && i >= 0) out.add(d * r + i);
    }
    return out;
  }

  /**
   * Brings `st` up to date: the documents whose sets changed are taken back, read again and added.
   * False when too many changed (then counting all again is simpler).
   */
  private update(store: Store, st: CorpusState): boolean {
    const r = st.annotators.length;
    const n = st.docIds.length;
    let sets = store.agreement.setCounts(st.annotators, false);
    let rows = st.rows;
    if (sets.stamp.length !== rows.length) {
      // a set got its first annotation: the rows are read again with their documents
      sets = store.agreement.setCounts(st.annotators, true);
      rows = this.rowsOf(st, sets.docs as string[], sets.annotator);
    }
    const metaOnly = this.metaOnlyOf(store, st);
    const stamp = new Float64Array(n * r);
    const present = new Uint8Array(n * r);
    const events = new Int32Array(n * r);
    rows.forEach((x, k) => {
      stamp[x] = sets.stamp[k] as number;
      present[x] = sets.annotated[k] as number;
      events[x] = sets.events[k] as number;
    });
    for (const x of metaOnly) present[x] = 1;
    const changed: number[] = [];
    let presence = false;
    for (let d = 0; d < n; d++) {
      let moved = false;
      for (let x = d * r; x < d * r + r; x++) {
        if (stamp[x] !== st.stamp[x] || present[x] !== st.present[x]) moved = true;
        if (present[x] !== st.present[x]) presence = true;
      }
      if (moved) changed.push(d);
    }
    st.rows = rows;
    st.metaOnly = metaOnly;
    if (changed.length === 0) return true;
    if (changed.length > Math.max(16, n * REBUILD_SHARE)) return false;
    const ids = changed.map((d) => st.docIds[d] as string);
    // taken back with the mentions they were counted with
    this.countAll(
      store,
      st,
      changed.filter((d) => st.counted[d]),
      -1,
    );
    const columns = store.agreement.setColumns(st.annotators, (type) => this.labels.number(type), ids);
    const isChanged = new Uint8Array(n);
    for (const d of changed) {
      isChanged[d] = 1;
      for (let x = d * r; x < d * r + r; x++) {
        st.from[x] = st.to[x] = 0;
        st.stamp[x] = stamp[x] as number;
        st.present[x] = present[x] as number;
        st.events[x] = events[x] as number;
      }
    }
    // the changed documents' own columns, in the order of the rows (document id, annotator name)
    let at = 0;
    rows.forEach((x, k) => {
      if (!isChanged[Math.floor(x / r)]) return;
      st.from[x] = at;
      st.to[x] = at += sets.mentions[k] as number;
    });
    if (at !== columns.count) throw new Error(`the mentions of ${st.annotators.join(', ')} changed while read (${columns.count} spans, ${at} counted by set)`);
    for (const d of changed) {
      st.changed.set(d, columns);
      st.eventFigures.delete(d);
      st.counted[d] = 0;
      for (let i = 0; i < r; i++) if (st.present[d * r + i]) st.counted[d] = 1;
    }
    this.countAll(
      store,
      st,
      changed.filter((d) => st.counted[d]),
      1,
    );
    if (presence) st.used = null;
    return true;
  }

  /**
   * Adds (1) or takes back (-1) the counts of the documents `docs` (their texts read in batches
   * when their items are not kept); adding puts their sets in mention order first.
   */
  private countAll(store: Store, st: CorpusState, docs: readonly number[], sign: 1 | -1): void {
    const r = st.annotators.length;
    const from = new Int32Array(r);
    const to = new Int32Array(r);
    for (let c = 0; c < docs.length; c += PREPARE_BATCH) {
      const batch = docs.slice(c, c + PREPARE_BATCH);
      const items = this.itemsBatch(
        store,
        batch.map((d) => st.docIds[d] as string),
      );
      for (const d of batch) {
        const docItems = items.get(st.docIds[d] as string);
        if (docItems === undefined) {
          // no text: not counted (documents always have one)
          st.counted[d] = 0;
          continue;
        }
        const sets = this.setsOf(st, d, from, to);
        if (sign === 1) st.counts.order(docItems.length, sets, from, to);
        st.counts.add(docItems, sets, from, to, sign);
      }
    }
  }

  /** Whether one of document d's annotated sets has events. */
  private hasEvents(st: CorpusState, d: number): boolean {
    const r = st.annotators.length;
    for (let i = 0; i < r; i++) if (st.present[d * r + i] && (st.events[d * r + i] as number) > 0) return true;
    return false;
  }

  /** The annotators who annotated document d (one array per combination). */
  private whoOf(st: CorpusState, d: number, byMask: Map<number, string[]>): string[] {
    const r = st.annotators.length;
    let mask = 0;
    for (let i = 0; i < r; i++) if (st.present[d * r + i]) mask += 2 ** i;
    let who = byMask.get(mask);
    if (who === undefined) byMask.set(mask, (who = st.annotators.filter((_, i) => Math.floor(mask / 2 ** i) % 2 === 1)));
    return who;
  }

  /** Document d's sets: per annotator the columns holding its mentions at [from[i], to[i]), or null. */
  private setsOf(st: CorpusState, d: number, from: Int32Array, to: Int32Array): Array<SpanColumns | null> {
    const r = st.annotators.length;
    const columns = st.changed.get(d) ?? st.columns;
    const sets: Array<SpanColumns | null> = [];
    for (let i = 0; i < r; i++) {
      const x = d * r + i;
      from[i] = st.from[x] as number;
      to[i] = st.to[x] as number;
      sets.push(st.present[x] ? columns : null);
    }
    return sets;
  }

  /** Document d's event figures per pair (kept until its sets change); none for a document without events. */
  private eventsOf(store: Store, st: CorpusState, d: number): Array<EventAgreement | null> {
    const r = st.annotators.length;
    if (!this.hasEvents(st, d)) return st.counts.pairs.map(([i, j]) => (st.present[d * r + i] && st.present[d * r + j] ? NO_EVENTS : null));
    const kept = st.eventFigures.get(d);
    if (kept) return kept;
    const docId = st.docIds[d] as string;
    const sets = st.annotators.map((a, i) => (!st.present[d * r + i] ? null : (st.events[d * r + i] as number) > 0 ? toAgreementEvents(store.listEvents(docId, a), store.listMentions(docId, a)) : []));
    const figures = st.counts.pairs.map(([i, j]) => {
      const a = sets[i];
      const b = sets[j];
      return a && b ? eventAgreement(a, b) : null;
    });
    st.eventFigures.set(d, figures);
    return figures;
  }

  /** The token items of `ids` (kept, or from their texts, read in one statement for those not kept). */
  private itemsBatch(store: Store, ids: readonly string[]): Map<string, TokenItems> {
    const out = new Map<string, TokenItems>();
    const missing: string[] = [];
    for (const id of ids) {
      const kept = this.items.get(id);
      if (kept) out.set(id, kept);
      else missing.push(id);
    }
    if (missing.length === 0) return out;
    const texts = store.agreement.texts(missing);
    for (const id of missing) {
      const items = this.itemsOf(id, texts);
      if (items !== null) out.set(id, items);
    }
    return out;
  }

  /** A document's items: kept, or from its text (then kept, the oldest dropped past MAX_KEPT_ITEMS). */
  private itemsOf(docId: string, texts: ReadonlyMap<string, string>): TokenItems | null {
    const kept = this.items.get(docId);
    if (kept) return kept;
    const text = texts.get(docId);
    if (text === undefined) return null;
    const items = agreementItems(text);
    this.items.set(docId, items);
    this.keptItems += items.count;
    for (const [id, old] of this.items) {
      if (this.keptItems <= MAX_KEPT_ITEMS || id === docId) break;
      this.items.delete(id);
      this.keptItems -= old.count;
    }
    return items;
  }
}

const NO_EVENTS: EventAgreement = eventAgreement([], []);

/** One report, computed here (the CLI's `qalam agreement`). */
export function computeAgreement(store: Store, annotators: readonly string[], documents?: readonly string[]): AgreementReport {
  return new AgreementComputer().compute(store, annotators, documents);
}
