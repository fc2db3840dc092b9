/** Row types of the tables, their column lists, and the mappers between rows and the core's model (JSON columns included). */
import type { AttributeValues, Direction, DocumentInfo, EntityMention, EventArgument, EventMention, Lang, Normalization, Origin, Provenance, Relation, Span } from '../../annotations/model';
import type { ChangeEntry, ChangeKind, ChangeState, ChangeTarget, Rejection, SuggestionRejection } from './types';

export interface DocumentRow {
  id: string;
  seq: number;
  name: string;
  source_path: string | null;
  sha256: string;
  lang: Lang;
  dir: Direction;
  length_cp: number;
  imported_at: string;
}

/** The columns mentions, events and relations share. */
export interface AnnotationRow {
  id: number;
  doc_id: string;
  type: string;
  annotator: string;
  origin: Origin;
  attributes_json: string;
  note: string;
  created_at: string;
  updated_at: string;
  provenance_json: string | null;
}

export interface MentionRow extends AnnotationRow {
  start_cp: number;
  end_cp: number;
  fragments_json: string | null;
  normalizations_json: string | null;
}

export interface EventRow extends AnnotationRow {
  trigger_start: number;
  trigger_end: number;
  trigger_fragments_json: string | null;
}

export interface RelationRow extends AnnotationRow {
  arg1: number | null;
  arg2: number | null;
  arg1_event: number | null;
  arg2_event: number | null;
}

export interface ChangeRow {
  seq: number;
  doc_id: string;
  annotator: string;
  kind: ChangeKind;
  target_id: number;
  before_json: string | null;
  after_json: string | null;
  undone: number;
  at: string;
  target: ChangeTarget;
  grp: number | null;
}

export const DOC_COLUMNS = 'id, seq, name, source_path, sha256, lang, dir, length_cp, imported_at';
/** A condition limiting a query to some documents (none: all of them), and its parameter. */
export function onlyDocuments(column: 'id' | 'doc_id', ids: readonly string[] | undefined): { sql: string; params: string[] } {
  return ids === undefined ? { sql: '', params: [] } : { sql: ` AND ${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(ids)] };
}

export const MENTION_COLUMNS = 'id, doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at, attributes_json, note, provenance_json, fragments_json, normalizations_json';
export const EVENT_COLUMNS = 'id, doc_id, type, trigger_start, trigger_end, annotator, origin, attributes_json, note, created_at, updated_at, provenance_json, trigger_fragments_json';
export const RELATION_COLUMNS = 'id, doc_id, type, arg1, arg2, annotator, origin, attributes_json, note, created_at, updated_at, provenance_json, arg1_event, arg2_event';

/** Fragments as stored: NULL unless there are two or more. */
export function fragmentsJson(f: readonly Span[] | undefined): string | null {
  return f === undefined || f.length < 2 ? null : JSON.stringify(f.map((x) => ({ start: x.start, end: x.end })));
}

/** Normalisations as stored: NULL when there are none. */
export function normalizationsJson(n: readonly Normalization[] | undefined): string | null {
  return n === undefined || n.length === 0 ? null : JSON.stringify(n.map((x) => (x.text ? { resource: x.resource, id: x.id, text: x.text } : { resource: x.resource, id: x.id })));
}

export function provenanceJson(p: Provenance | null | undefined): string | null {
  if (p === null || p === undefined) return null;
  const r = p.recommender;
  return JSON.stringify({
    action: p.action,
    sources: p.sources.map((x) => ({ annotator: x.annotator, id: x.id })),
    at: p.at,
    ...(r ? { recommender: { source: r.source, score: r.score, type: r.type, ...(r.form !== undefined ? { form: r.form } : {}), ...(r.endpoint !== undefined ? { endpoint: r.endpoint } : {}) } } : {}),
  });
}

export function toDocumentInfo(r: DocumentRow): DocumentInfo {
  return {
    id: r.id,
    name: r.name,
    sourcePath: r.source_path,
    sha256: r.sha256,
    lang: r.lang,
    dir: r.dir,
    length: r.length_cp,
    importedAt: r.imported_at,
  };
}

export function parseAttributes(json: string): AttributeValues {
  const v = JSON.parse(json) as unknown;
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as AttributeValues) : {};
}

export function attributesJson(a: AttributeValues | undefined): string {
  const out: AttributeValues = {};
  for (const k of Object.keys(a ?? {}).sort()) out[k] = (a as AttributeValues)[k] as string | true;
  return JSON.stringify(out);
}

export function toMention(r: MentionRow): EntityMention {
  const m: EntityMention = {
    id: String(r.id),
    docId: r.doc_id,
    type: r.type,
    start: r.start_cp,
    end: r.end_cp,
    annotator: r.annotator,
    origin: r.origin,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  // attributes and note only when there is something (older callers compare whole objects)
  // (most rows have none: '{}' is not parsed)
  const attributes = r.attributes_json === '{}' ? null : parseAttributes(r.attributes_json);
  if (attributes !== null && Object.keys(attributes).length > 0) m.attributes = attributes;
  if (r.note !== '') m.note = r.note;
  if (r.provenance_json !== null) m.provenance = JSON.parse(r.provenance_json) as Provenance;
  if (r.fragments_json !== null) m.fragments = JSON.parse(r.fragments_json) as Span[];
  if (r.normalizations_json !== null) m.normalizations = JSON.parse(r.normalizations_json) as Normalization[];
  return m;
}

export function toEvent(r: EventRow, args: EventArgument[]): EventMention {
  const e: EventMention = {
    id: `E${r.id}`,
    docId: r.doc_id,
    type: r.type,
    triggerStart: r.trigger_start,
    triggerEnd: r.trigger_end,
    annotator: r.annotator,
    origin: r.origin,
    arguments: args,
    attributes: parseAttributes(r.attributes_json),
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.provenance_json !== null) e.provenance = JSON.parse(r.provenance_json) as Provenance;
  if (r.trigger_fragments_json !== null) e.triggerFragments = JSON.parse(r.trigger_fragments_json) as Span[];
  return e;
}

export function toRelation(r: RelationRow): Relation {
  const rel: Relation = {
    id: `R${r.id}`,
    docId: r.doc_id,
    type: r.type,
    arg1: r.arg1_event !== null ? `E${r.arg1_event}` : String(r.arg1),
    arg2: r.arg2_event !== null ? `E${r.arg2_event}` : String(r.arg2),
    annotator: r.annotator,
    origin: r.origin,
    attributes: parseAttributes(r.attributes_json),
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.provenance_json !== null) rel.provenance = JSON.parse(r.provenance_json) as Provenance;
  return rel;
}

function apiTargetId(target: ChangeTarget, n: number, docId: string): string {
  return target === 'event' ? `E${n}` : target === 'relation' ? `R${n}` : target === 'document' ? docId : String(n);
}

export function toChange(r: ChangeRow): ChangeEntry {
  const target = r.target ?? 'mention';
  const id = apiTargetId(target, r.target_id, r.doc_id);
  return {
    seq: r.seq,
    docId: r.doc_id,
    annotator: r.annotator,
    kind: r.kind,
    target,
    targetId: id,
    mentionId: id,
    group: r.grp ?? r.seq,
    before: r.before_json === null ? null : (JSON.parse(r.before_json) as ChangeState),
    after: r.after_json === null ? null : (JSON.parse(r.after_json) as ChangeState),
    undone: r.undone === 1,
    at: r.at,
  };
}

export interface RejectionRow {
  id: number;
  doc_id: string;
  key: string;
  annotator: string;
  created_at: string;
}

export function toRejection(r: RejectionRow): Rejection {
  return { id: String(r.id), docId: r.doc_id, key: r.key, annotator: r.annotator, createdAt: r.created_at };
}

export interface SuggestionRejectionRow {
  doc_id: string;
  annotator: string;
  start_cp: number;
  end_cp: number;
  type: string;
  source: string;
  score: number;
  created_at: string;
}

export function toSuggestionRejection(r: SuggestionRejectionRow): SuggestionRejection {
  return { docId: r.doc_id, annotator: r.annotator, start: r.start_cp, end: r.end_cp, type: r.type, source: r.source, score: r.score, createdAt: r.created_at };
}
