/**
 * Storing the annotations of one native record (an import or an exchange file): entities (with
 * fragments and normalisations), events whose arguments may be entities or other events of the
 * record, relations whose ends may be events. Events are inserted first without arguments, then
 * given their arguments, so an argument may point at an event later in the record (or a cycle).
 */
import type { Provenance } from '../../annotations/model';
import { argumentTarget, type NativeRecord } from '../../annotations/formats/jsonl';
import type { Store } from '../store';
import type { LogItem } from './history';

export interface StoreRecordOptions {
  docId: string;
  annotator: string;
  at: string;
  /** An entity identical to one already stored (type, span, fragments) is not stored again: its id is reused. */
  reuseDuplicates?: boolean;
  /** Provenance per entity, event and relation (by index in the record). */
  provenance?: (kind: 'entities' | 'events' | 'relations', index: number) => Provenance | null;
  /** Called when an entity cannot be stored (e.g. the same span twice); must throw. */
  onEntityError?: (entityId: string, err: unknown) => never;
  /** Called when a relation's two ends are one stored annotation (itself, or two entities merged as duplicates); must throw. */
  onSameEnds?: (relation: NativeRecord['relations'][number]) => never;
  /** Receives what was stored as change-log items (creates, then the events' arguments as updates), for one undo step. */
  items?: LogItem[];
}

export interface StoredCounts {
  mentions: number;
  duplicates: number;
  events: number;
  relations: number;
  normalizations: number;
}

export function storeRecordAnnotations(store: Store, rec: NativeRecord, o: StoreRecordOptions): StoredCounts {
  const counts: StoredCounts = { mentions: 0, duplicates: 0, events: 0, relations: 0, normalizations: 0 };
  const ids = new Map<string, string>();
  rec.entities.forEach((e, i) => {
    if (o.reuseDuplicates) {
      const dup = store.findDuplicateMention({ docId: o.docId, annotator: o.annotator, type: e.type, start: e.start, end: e.end, ...(e.fragments ? { fragments: e.fragments } : {}) });
      if (dup !== null) {
        ids.set(e.id, dup);
        counts.duplicates++;
        return;
      }
    }
    try {
      const m = store.insertMention({
        docId: o.docId,
        type: e.type,
        start: e.start,
        end: e.end,
        annotator: o.annotator,
        origin: 'import',
        createdAt: o.at,
        updatedAt: o.at,
        ...(e.attributes ? { attributes: e.attributes } : {}),
        ...(e.note ? { note: e.note } : {}),
        ...(e.fragments ? { fragments: e.fragments } : {}),
        ...(e.normalizations ? { normalizations: e.normalizations } : {}),
        ...(o.provenance ? { provenance: o.provenance('entities', i) } : {}),
      });
      ids.set(e.id, m.id);
      o.items?.push({ target: 'mention', targetId: m.id, kind: 'create', before: null, after: m });
      counts.mentions++;
      counts.normalizations += e.normalizations?.length ?? 0;
    } catch (err) {
      if (o.onEntityError) o.onEntityError(e.id, err);
      throw err;
    }
  });
  const eventIds = new Map<string, string>();
  const storedEvents = new Map<string, ReturnType<Store['insertEvent']>>();
  rec.events.forEach((ev, i) => {
    const stored = store.insertEvent({
      docId: o.docId,
      type: ev.type,
      triggerStart: ev.trigger.start,
      triggerEnd: ev.trigger.end,
      annotator: o.annotator,
      origin: 'import',
      arguments: [],
      attributes: ev.attributes,
      note: ev.note ?? '',
      createdAt: o.at,
      updatedAt: o.at,
      ...(ev.trigger.fragments ? { triggerFragments: ev.trigger.fragments } : {}),
      ...(o.provenance ? { provenance: o.provenance('events', i) } : {}),
    });
    eventIds.set(ev.id, stored.id);
    storedEvents.set(stored.id, stored);
    o.items?.push({ target: 'event', targetId: stored.id, kind: 'create', before: null, after: stored });
    counts.events++;
  });
  const target = (t: { id: string; event: boolean }): string => (t.event ? eventIds.get(t.id) : ids.get(t.id)) as string;
  for (const ev of rec.events) {
    if (ev.arguments.length === 0) continue;
    const seen = new Set<string>();
    const args = ev.arguments
      .map((a) => ({ role: a.role, mentionId: target(argumentTarget(a)) }))
      .filter((a) => {
        // two arguments that became one (duplicate entities merged) are one
        const k = `${a.role}\u0000${a.mentionId}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    const id = eventIds.get(ev.id) as string;
    const after = store.updateEvent(id, { arguments: args, updatedAt: o.at });
    o.items?.push({ target: 'event', targetId: id, kind: 'update', before: storedEvents.get(id) ?? null, after });
  }
  rec.relations.forEach((r, i) => {
    const arg1 = target({ id: r.arg1, event: r.arg1_kind === 'event' });
    const arg2 = target({ id: r.arg2, event: r.arg2_kind === 'event' });
    if (o.onSameEnds && arg1 === arg2 && (r.arg1_kind === 'event') === (r.arg2_kind === 'event')) o.onSameEnds(r);
    const created = store.insertRelation({
      docId: o.docId,
      type: r.type,
      arg1,
      arg2,
      annotator: o.annotator,
      origin: 'import',
      attributes: r.attributes,
      note: r.note ?? '',
      createdAt: o.at,
      updatedAt: o.at,
      ...(o.provenance ? { provenance: o.provenance('relations', i) } : {}),
    });
    o.items?.push({ target: 'relation', targetId: created.id, kind: 'create', before: null, after: created });
    counts.relations++;
  });
  return counts;
}
