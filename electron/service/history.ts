/**
 * The undo history, for every kind of change (mention, event, relation, document status,
 * rejection): the one way changes are logged (`logGroup`: the entries of one user action — an
 * edit, an import of a document's annotations, an exchange import replacing a set — are one group
 * of (document, annotator), undone and redone together; a new group empties the redo stack), the
 * create / change / delete of an annotation with its log entry (`createLogged`, `updateLogged`,
 * `deleteLogged`, used by mentions, events, relations, attributes and notes), and undo / redo.
 */
import type { AttributeValues, DocumentMeta, EntityMention, EventArgument, EventMention, Provenance, Relation } from '../../annotations/model';
import { GOLD_SET } from '../../annotations/model';
import type { ChangeApplied, ChangeStep, HistoryState } from '../contract';
import type { ChangeEntry, ChangeState, ChangeTarget, NewEvent, NewMention, NewRelation, Rejection, Store } from '../store';
import { StoreError } from '../store';
import { domain, type ServiceContext } from './context';
import { ServiceError } from './errors';
import { refuseDuplicateMention, type AnnotationOf, type EditableKind } from './guards';
import { changed } from './documents';

/** One change to log; the entries of one user action are logged (and undone) together. */
export interface LogItem {
  target: ChangeTarget;
  targetId: string;
  kind: 'create' | 'update' | 'delete';
  before: ChangeState | null;
  after: ChangeState | null;
}

/** Logs `items` as one undo step of (document, annotator), in order (undo reverts them newest first). */
export function logGroup(store: Store, docId: string, annotator: string, items: readonly LogItem[], at: string): void {
  if (items.length === 0) return;
  store.transaction(() => {
    store.clearRedo(docId, annotator);
    let group: number | undefined;
    for (const item of items) {
      const seq = store.appendChange({ docId, annotator, ...item, at, group });
      group ??= seq;
    }
  });
}

/** logGroup at the context's clock. */
export function logItems(ctx: ServiceContext, docId: string, annotator: string, items: readonly LogItem[]): void {
  logGroup(ctx.store, docId, annotator, items, ctx.now());
}

/**
 * The provenance a gold annotation gets when the adjudicator changes it by hand: `created` for a
 * new one, `edited` (keeping its sources) for one accepted from an annotator. undefined for
 * annotations of other sets (no provenance).
 */
export function goldProvenance(annotator: string, current: Provenance | undefined, at: string): Provenance | undefined {
  if (annotator !== GOLD_SET) return undefined;
  if (current === undefined) return { action: 'created', sources: [], at };
  return current.action === 'accepted' ? { ...current, action: 'edited' } : current;
}

// ---- one table for every kind ----------------------------------------------------------------

/** What an edit may change in an annotation (each kind takes the fields it has). */
export interface AnnotationChange {
  type?: string;
  arguments?: EventArgument[];
  attributes?: AttributeValues;
  note?: string;
}

type Fields = AnnotationChange & { normalizations?: EntityMention['normalizations']; provenance?: Provenance | null; updatedAt: string };

interface Table<T> {
  get(id: string): T | null;
  insert(value: T): T;
  update(id: string, change: Fields): T;
  remove(id: string): void;
  /** Everything undo puts back into a row that is still there. */
  restored(state: T): Fields;
}

function tables(store: Store): { [K in EditableKind]: Table<AnnotationOf[K]> } {
  return {
    mention: {
      get: (id) => store.getMention(id),
      insert: (v) => store.insertMention({ ...v }),
      update: (id, c) => store.updateMention(id, c),
      remove: (id) => store.deleteMention(id),
      restored: (s) => ({ type: s.type, attributes: s.attributes ?? {}, note: s.note ?? '', normalizations: s.normalizations ?? [], provenance: s.provenance ?? null, updatedAt: s.updatedAt }),
    },
    event: {
      get: (id) => store.getEvent(id),
      insert: (v) => store.insertEvent({ ...v }),
      update: (id, c) => store.updateEvent(id, c),
      remove: (id) => store.deleteEvent(id),
      restored: (s) => ({ type: s.type, arguments: s.arguments, attributes: s.attributes, note: s.note, provenance: s.provenance ?? null, updatedAt: s.updatedAt }),
    },
    relation: {
      get: (id) => store.getRelation(id),
      insert: (v) => store.insertRelation({ ...v }),
      update: (id, c) => store.updateRelation(id, c),
      remove: (id) => store.deleteRelation(id),
      restored: (s) => ({ type: s.type, attributes: s.attributes, note: s.note, provenance: s.provenance ?? null, updatedAt: s.updatedAt }),
    },
  };
}

function sameAttributes(a: AttributeValues | undefined, b: AttributeValues | undefined): boolean {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => (a as AttributeValues)[k] === (b ?? {})[k]);
}

/** Would `change` leave `before` as it is? */
function changesNothing(before: { type: string; arguments?: EventArgument[]; attributes?: AttributeValues; note?: string }, change: AnnotationChange): boolean {
  return (
    (change.type === undefined || change.type === before.type) &&
    (change.arguments === undefined || JSON.stringify(change.arguments) === JSON.stringify(before.arguments)) &&
    (change.attributes === undefined || sameAttributes(change.attributes, before.attributes)) &&
    (change.note === undefined || change.note === (before.note ?? ''))
  );
}

// ---- create, change, delete with their log entries --------------------------------------------

/** The fields a new annotation is given by the user's action (the rest createLogged stamps). */
type Stamped = 'annotator' | 'origin' | 'createdAt' | 'updatedAt' | 'provenance';
export interface NewAnnotationOf {
  mention: Omit<NewMention, Stamped>;
  event: Omit<NewEvent, Stamped>;
  relation: Omit<NewRelation, Stamped>;
}

const INSERT: { [K in EditableKind]: (store: Store, fields: NewAnnotationOf[K] & Pick<NewMention, Stamped>) => AnnotationOf[K] } = {
  mention: (s, f) => s.insertMention(f),
  event: (s, f) => s.insertEvent(f),
  relation: (s, f) => s.insertRelation(f),
};

/** Stores a new annotation of the annotator's (made by hand: origin manual, gold provenance) and logs it as one undo step. */
export function createLogged<K extends EditableKind>(ctx: ServiceContext, kind: K, annotator: string, fields: NewAnnotationOf[K]): { value: AnnotationOf[K]; history: HistoryState } {
  const at = ctx.now();
  const stamped = { ...fields, annotator, origin: 'manual' as const, createdAt: at, updatedAt: at, provenance: goldProvenance(annotator, undefined, at) ?? null };
  const value = ctx.store.transaction(() => {
    const v = INSERT[kind](ctx.store, stamped);
    logItems(ctx, v.docId, annotator, [{ target: kind, targetId: v.id, kind: 'create', before: null, after: v }]);
    return v;
  });
  return { value, history: ctx.store.historyState(value.docId, annotator) };
}

/** Applies a change to an annotation and logs it (nothing when it changes nothing); gold gets its provenance. */
export function updateLogged<K extends EditableKind>(ctx: ServiceContext, kind: K, before: AnnotationOf[K], annotator: string, change: AnnotationChange): { value: AnnotationOf[K]; history: HistoryState } {
  if (changesNothing(before, change)) return { value: before, history: ctx.store.historyState(before.docId, annotator) };
  const table = tables(ctx.store)[kind] as Table<AnnotationOf[K]>;
  const value = ctx.store.transaction(() => {
    const at = ctx.now();
    const after = table.update(before.id, { ...change, updatedAt: at, provenance: goldProvenance(annotator, before.provenance, at) });
    logItems(ctx, before.docId, annotator, [{ target: kind, targetId: before.id, kind: 'update', before, after }]);
    return after;
  });
  return { value, history: ctx.store.historyState(before.docId, annotator) };
}

/**
 * Deletes the annotation. A mention or event is first removed from the events it is an argument
 * of, and the relations it is an end of are deleted; all of it one undo step (undo restores it first).
 */
export function deleteLogged<K extends EditableKind>(
  ctx: ServiceContext,
  kind: K,
  before: AnnotationOf[K],
  annotator: string,
): { id: string; history: HistoryState; eventsUpdated: EventMention[]; relationsDeleted: string[] } {
  const store = ctx.store;
  const id = before.id;
  const at = kind === 'relation' ? '' : ctx.now();
  const result = store.transaction(() => {
    const items: LogItem[] = [];
    const eventsUpdated: EventMention[] = [];
    const relationsDeleted: string[] = [];
    if (kind !== 'relation') {
      const users = kind === 'mention' ? store.eventsUsingMention(id) : store.eventsUsingEvent(id).filter((ev) => ev.id !== id);
      for (const ev of users) {
        const after = store.updateEvent(ev.id, { arguments: ev.arguments.filter((a) => a.mentionId !== id), updatedAt: at });
        items.push({ target: 'event', targetId: ev.id, kind: 'update', before: ev, after });
        eventsUpdated.push(after);
      }
      for (const r of kind === 'mention' ? store.relationsUsingMention(id) : store.relationsUsingEvent(id)) {
        store.deleteRelation(r.id);
        items.push({ target: 'relation', targetId: r.id, kind: 'delete', before: r, after: null });
        relationsDeleted.push(r.id);
      }
    }
    tables(store)[kind].remove(id);
    items.push({ target: kind, targetId: id, kind: 'delete', before, after: null });
    logItems(ctx, before.docId, annotator, items);
    return { eventsUpdated, relationsDeleted };
  });
  return { id, history: store.historyState(before.docId, annotator), ...result };
}

// ---- undo and redo ------------------------------------------------------------------------------

/** Puts annotation `id` into `state` (null: absent), whatever it is now; not checked against the schema. */
function restoreAnnotation<K extends EditableKind>(store: Store, kind: K, id: string, state: AnnotationOf[K] | null): AnnotationOf[K] | null {
  const table = tables(store)[kind] as Table<AnnotationOf[K]>;
  const now = table.get(id);
  if (state === null) {
    if (now !== null) table.remove(id);
    return null;
  }
  // A forced schema change keeps annotations of the types it dropped (documents.validate lists
  // them), and undo restores what was there the same way. Two equal mentions are still refused.
  if (kind === 'mention' && (now === null || now.type !== state.type)) refuseDuplicateMention(store, state as EntityMention);
  return now === null ? table.insert(state) : table.update(id, table.restored(state));
}

function restoreRejection(store: Store, id: string, state: Rejection | null): Rejection | null {
  const now = store.getRejection(id);
  if (state === null) {
    if (now !== null) store.deleteRejection(id);
    return null;
  }
  return now ?? store.insertRejection(state);
}

function restoreStep(store: Store, entry: ChangeEntry, direction: 'undo' | 'redo'): ChangeStep {
  const state = direction === 'undo' ? entry.before : entry.after;
  // What the step did: undoing a create deletes, undoing a delete creates.
  const kind = entry.kind === 'update' ? 'update' : (entry.kind === 'create') === (direction === 'redo') ? 'create' : 'delete';
  const id = entry.targetId;
  switch (entry.target) {
    case 'mention':
      return { target: 'mention', id, kind, value: restoreAnnotation(store, 'mention', id, state as EntityMention | null) };
    case 'event':
      return { target: 'event', id, kind, value: restoreAnnotation(store, 'event', id, state as EventMention | null) };
    case 'relation':
      return { target: 'relation', id, kind, value: restoreAnnotation(store, 'relation', id, state as Relation | null) };
    case 'document':
      return { target: 'document', id, kind, value: store.putDocumentMeta(state as DocumentMeta) };
    case 'rejection':
      return { target: 'rejection', id, kind, value: restoreRejection(store, id, state as Rejection | null) };
  }
}

/**
 * Did an undo/redo step fail because it no longer fits the project (a duplicate, a missing or
 * still-referenced annotation), rather than because the file failed (busy, full, read-only)?
 */
function cannotApply(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (e instanceof ServiceError || e instanceof StoreError) return code === 'conflict' || code === 'not-found' || code === 'invalid-argument';
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One sentence for the user: which step was skipped, why, and that it left the history. */
function skipSentence(group: readonly ChangeEntry[], direction: 'undo' | 'redo', e: unknown): string {
  const main = group.find((x) => x.target === 'mention') ?? (group[0] as ChangeEntry);
  const state = (main.before ?? main.after) as (Partial<EntityMention> & Partial<EventMention>) | null;
  const type = state?.type ?? '';
  const what =
    main.target === 'mention'
      ? `the ${type} mention at ${state?.start ?? '?'}–${state?.end ?? '?'}`
      : main.target === 'event'
        ? `the ${type} event at ${state?.triggerStart ?? '?'}–${state?.triggerEnd ?? '?'}`
        : main.target === 'relation'
          ? `the ${type} relation`
          : main.target === 'document'
            ? "the document's status, flags or note"
            : 'a rejected disagreement';
  const create = main.kind === 'create';
  const action =
    main.kind === 'update'
      ? direction === 'undo'
        ? `changing ${what} back`
        : `changing ${what} again`
      : create === (direction === 'undo')
        ? `removing ${what}`
        : `restoring ${what}`;
  const code = (e as { code?: unknown } | null)?.code;
  const why =
    code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
      ? 'another annotation refers to it, or one it refers to is gone'
      : typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')
        ? 'the same annotation is already there'
        : e instanceof Error
          ? e.message
          : String(e);
  const extra = group.length > 1 ? ` and ${plural(group.length - 1, 'other change')} of the same step` : '';
  return `Skipped a step that can no longer be ${direction === 'undo' ? 'undone' : 'redone'} (${action}${extra}): ${why}. It was removed from the history.`;
}

/**
 * Undoes (or redoes) the newest (oldest) step of (document, annotator). A step that can no
 * longer apply (something else took its place, or what it refers to is gone: e.g. history from
 * before imports were logged) is removed from the history with a sentence in `skipped`, and the
 * step before it is tried, so the history never gets stuck.
 */
function undoRedo(ctx: ServiceContext, docId: string, direction: 'undo' | 'redo'): ChangeApplied {
  const store = ctx.store;
  ctx.requireDocument(docId);
  const annotator = ctx.requireAnnotator();
  const skipped: string[] = [];
  for (;;) {
    const entry: ChangeEntry | null = direction === 'undo' ? store.lastUndoable(docId, annotator) : store.firstRedoable(docId, annotator);
    if (entry === null) {
      if (skipped.length > 0) return { docId, kind: 'update', mention: null, mentionId: '', steps: [], skipped, ...store.historyState(docId, annotator) };
      throw direction === 'undo' ? new ServiceError('nothing-to-undo', 'nothing to undo in this document') : new ServiceError('nothing-to-redo', 'nothing to redo in this document');
    }
    const group = store.changeGroup(docId, annotator, entry.group, direction === 'redo');
    // undo from the newest entry back, redo from the oldest forward
    const ordered = direction === 'undo' ? [...group].reverse() : group;
    let steps: ChangeStep[];
    try {
      const at = ctx.now();
      steps = store.transaction(() =>
        ordered.map((e) => {
          const step = restoreStep(store, e, direction);
          store.setUndone(e.seq, direction === 'undo', at);
          return step;
        }),
      );
    } catch (e) {
      if (!cannotApply(e)) throw e;
      store.dropChanges(group.map((x) => x.seq));
      skipped.push(skipSentence(group, direction, e));
      continue;
    }
    const main = steps.find((st) => st.target === 'mention') ?? (steps[0] as ChangeStep);
    return {
      docId,
      kind: main.kind,
      mention: main.target === 'mention' ? main.value : null,
      mentionId: main.id,
      steps,
      ...(skipped.length > 0 ? { skipped } : {}),
      ...store.historyState(docId, annotator),
    };
  }
}

export const history = domain((ctx) => ({
  'history.state': (a) => {
    ctx.requireDocument(a.docId);
    const annotator = ctx.currentAnnotator();
    return annotator === null ? { canUndo: false, canRedo: false } : ctx.store.historyState(a.docId, annotator);
  },
  'history.undo': (a) => changed(ctx, a.docId, undoRedo(ctx, a.docId, 'undo')),
  'history.redo': (a) => changed(ctx, a.docId, undoRedo(ctx, a.docId, 'redo')),
}));
