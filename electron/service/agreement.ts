/**
 * Agreement figures of a project (`qalam agreement`, `review.agreement`): the pure functions of
 * annotations/agreement over the project's annotation sets.
 *
 * In the app, `review.agreement` never computes on the thread answering the window: a
 * worker_threads Worker (agreementWorker.ts, through workerThread.ts) opens the project with a
 * connection of its own, reads the sets in bulk (store.agreement) and computes; it keeps each
 * document's token items (documents never change once imported), so a later computation reads and
 * counts only. Answers are kept per request, keyed by the store's change counter
 * (`store.agreement.changeCounter()`: it moves with every row written, whatever the edit — a
 * mention, event or relation created, changed or deleted, undo and redo, imports, schema renames,
 * exchange imports — and with every commit of another process), so asking again without an edit
 * in between answers at once. The CLI computes in its own thread (`computeAgreement`).
 */
import { agreementItems, columnarAgreement, eventAgreementCorpus, LabelNumbers, type AgreementEvent, type ColumnarDocument, type SpanColumns, type TokenItems } from '../../annotations/agreement';
import type { EventMention } from '../../annotations/model';
import type { AgreementReport } from '../contract';
import type { Store } from '../store';
import { domain } from './context';
import { ServiceError } from './errors';
import { WorkerThread } from './workerThread';

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
function checkAnnotators(store: Store, annotators: readonly string[]): void {
  if (annotators.length < 2) throw new ServiceError('invalid-argument', 'agreement needs at least two annotators');
  if (new Set(annotators).size !== annotators.length) throw new ServiceError('invalid-argument', 'an annotator is listed twice');
  const known = store.listAnnotators();
  for (const a of annotators) if (!known.includes(a)) throw new ServiceError('not-found', `no annotator ${JSON.stringify(a)} in this project (it has: ${known.join(', ') || 'none'})`);
}

const NO_SPANS: SpanColumns = { count: 0, starts: new Int32Array(0), ends: new Int32Array(0), types: new Int32Array(0) };

/** Texts read at a time while preparing. */
const PREPARE_BATCH = 500;

/** Token items kept at most (two Int32Arrays each: 64 MB). */
const MAX_KEPT_ITEMS = 8_000_000;

/**
 * Computes agreement reports over one project, keeping what never changes between them: each
 * document's token items and the numbers of the labels.
 */
export class AgreementComputer {
  private readonly items = new Map<string, TokenItems>();
  private keptItems = 0;
  private readonly labels = new LabelNumbers();

  /**
   * Agreement between `annotators` (two or more, in that order: the first of a pair is the
   * reference) over `documents` (default: every document at least one of them annotated). A
   * document an annotator did not annotate (no annotation, status, flag or note there) is left
   * out of that annotator's pairs and is missing values at token level. `perDocument`: the
   * documents whose own figures to give (default: all).
   */
  compute(store: Store, annotators: readonly string[], documents?: readonly string[], perDocument?: readonly string[]): AgreementReport {
    const only = perDocument === undefined ? undefined : new Set(perDocument);
    const keep = only === undefined ? undefined : (docId: string) => only.has(docId);
    const names = [...annotators];
    checkAnnotators(store, names);
    const explicit = documents !== undefined && documents.length > 0;
    return store.readSnapshot(() => {
      const infos = store.agreement.documentNames();
      let chosen = infos;
      if (explicit) {
        const byId = new Map(infos.map((d) => [d.id, d] as const));
        chosen = documents.map((id) => {
          const d = byId.get(id);
          if (d === undefined) throw new ServiceError('not-found', `no document ${JSON.stringify(id)} in this project`);
          return d;
        });
      }
      const who = store.agreement.annotatorsByDocument(names);
      chosen = chosen.filter((info) => explicit || who.has(info.id));
      const labels = this.labels;
      const number = (type: string): number => labels.number(type);
      const spans = names.map((a) => store.agreement.spanColumns(a, number));
      const withEvents = names.map((a) => store.events.countsByDocument(a));
      const missing = chosen.filter((info) => !this.items.has(info.id)).map((info) => info.id);
      const texts = missing.length > 0 ? store.agreement.texts(missing) : new Map<string, string>();

      const docs: ColumnarDocument[] = [];
      const eventSets: { docId: string; sets: Record<string, AgreementEvent[] | null> }[] = [];
      const used: AgreementReport['documents'] = [];
      for (const info of chosen) {
        const present = who.get(info.id) ?? new Set<string>();
        const items = this.itemsOf(info.id, texts);
        if (items === null) continue;
        used.push({ docId: info.id, name: info.name, annotators: names.filter((a) => present.has(a)) });
        docs.push({ docId: info.id, items, sets: names.map((a, i) => (present.has(a) ? (spans[i]?.get(info.id) ?? NO_SPANS) : null)) });
        // a document without events adds nothing to the event figures: only its own figures need it
        if (!names.some((_, i) => withEvents[i]?.has(info.id)) && keep !== undefined && !keep(info.id)) continue;
        const events: Record<string, AgreementEvent[] | null> = {};
        names.forEach((a, i) => {
          if (!present.has(a)) events[a] = null;
          else events[a] = withEvents[i]?.has(info.id) ? toAgreementEvents(store.listEvents(info.id, a), store.listMentions(info.id, a)) : [];
        });
        eventSets.push({ docId: info.id, sets: events });
      }
      const eventPairs: AgreementReport['events'] = [];
      for (let i = 0; i < names.length; i++) {
        for (let j = i + 1; j < names.length; j++) {
          const a = names[i] as string;
          const b = names[j] as string;
          const pairDocs = eventSets.flatMap((d) => {
            const x = d.sets[a];
            const y = d.sets[b];
            return x && y ? [{ docId: d.docId, a: x, b: y }] : [];
          });
          eventPairs.push({ a, b, result: eventAgreementCorpus(pairDocs, {}, keep) });
        }
      }
      const figures = columnarAgreement(names, docs, labels, keep);
      return { annotators: names, documents: used, spans: figures.spans, tokens: figures.tokens, events: eventPairs };
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

/** One report, computed here (the CLI's `qalam agreement`). */
export function computeAgreement(store: Store, annotators: readonly string[], documents?: readonly string[]): AgreementReport {
  return new AgreementComputer().compute(store, annotators, documents);
}

/** What the window's `review.agreement` asks the worker. */
export interface AgreementRequest {
  /** The project file (the worker opens it with a connection of its own). */
  path: string;
  annotators: string[];
  documents?: string[];
  perDocument?: string[];
  /** Only open the project (started with it, idle): answers null. */
  warm?: boolean;
  /** Only prepare the token items of the documents `annotators` annotated: answers null. */
  prepare?: boolean;
}

/** Answers kept (per annotators and documents asked), all of the same change counter. */
const KEPT_ANSWERS = 8;

/**
 * `review.agreement` (registered in service.ts's DOMAINS): computed in the agreement worker and
 * kept until the project changes; the worker stops when the project closes.
 */
export const agreement = domain((ctx) => {
  const thread = new WorkerThread<AgreementRequest>('agreementWorker', "agreement's worker");
  ctx.onClose(() => thread.close());
  ctx.onWarm(() => thread.request({ path: ctx.store.path, annotators: [], warm: true }));
  let prepared = '';
  ctx.onAgreementLikely((annotators) => {
    const key = JSON.stringify(annotators);
    if (key === prepared) return;
    prepared = key;
    // failures are left to review.agreement, which says what went wrong
    thread.request({ path: ctx.store.path, annotators: [...annotators], prepare: true }).catch(() => (prepared = ''));
  });
  let kept: { revision: string; key: string; report: Promise<AgreementReport> }[] = [];
  return {
    'review.agreement': (a): Promise<AgreementReport> => {
      checkAnnotators(ctx.store, a.annotators);
      const revision = ctx.store.agreement.changeCounter();
      const key = JSON.stringify([a.annotators, a.documents ?? [], a.perDocument ?? null]);
      kept = kept.filter((k) => k.revision === revision);
      const hit = kept.find((k) => k.key === key);
      if (hit) return hit.report;
      const request: AgreementRequest = {
        path: ctx.store.path,
        annotators: a.annotators,
        ...(a.documents !== undefined ? { documents: a.documents } : {}),
        ...(a.perDocument !== undefined ? { perDocument: a.perDocument } : {}),
      };
      const report = thread.request(request) as Promise<AgreementReport>;
      const entry = { revision, key, report };
      kept = [...kept.slice(-(KEPT_ANSWERS - 1)), entry];
      // a failure is not kept: the next call asks again
      report.catch(() => (kept = kept.filter((k) => k !== entry)));
      return report;
    },
  };
});
