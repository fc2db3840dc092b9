/**
 * Events, relations, attributes, notes, document status and validation problems of the open
 * document, beside the AppStore (which keeps the mentions and the history state). It follows the
 * AppStore: a new document, or any change of the history state (every mutation and every
 * undo/redo changes it), reloads annotations.list and documents.validate for the document.
 *
 * It also holds the event-annotation interaction state: the selected event or relation, the armed
 * role, the candidate mention that Tab cycles through, the hovered frame, the open picker.
 */
import type {
  AnnotationKind,
  DocumentMeta,
  DocumentStatus,
  EntityMention,
  EventMention,
  Relation,
  RoleDef,
  Schema,
  Span,
} from '../../../annotations/model';
import { acceptsType } from '../../../annotations/validate';
import type { AnnotationRef, Args, HistoryState, Method, Ret, ValidationProblem } from '../contract';
import { call } from '../bridge';
import type { AppStore } from '../app/store';

export type Selection = { kind: 'event' | 'relation'; id: string } | null;

export type PickerState =
  | { mode: 'event'; span: Span }
  | { mode: 'retype'; eventId: string }
  | { mode: 'relation'; arg1: string; arg2: string }
  | null;

/** Above this many events and relations in a document, only the focused frame's arcs are drawn (unless allArcs). */
export const DENSE_FRAMES = 8;

export interface EventState {
  docId: string | null;
  events: ReadonlyMap<string, EventMention>;
  relations: ReadonlyMap<string, Relation>;
  meta: DocumentMeta | null;
  problems: ValidationProblem[];
  selection: Selection;
  /** The role being filled of the selected event. */
  armedRole: string | null;
  /** The mention Tab has moved to (Enter assigns it to the armed role, or pairs it for a relation). */
  candidate: string | null;
  /** Keyboard relation: the first end (from the selected mention, `r`). */
  relationFrom: string | null;
  hover: string | null;
  /**
   * Draw every frame's arcs. Off by default: in a document with more than DENSE_FRAMES events
   * and relations, only the hovered or selected frame's arcs are drawn, so the arcs never bury
   * the text (triggers and highlights are always drawn).
   */
  allArcs: boolean;
  picker: PickerState;
  /** "Mark done" asked while problems remain. */
  confirmDone: boolean;
}

type Listener = () => void;

export class EventStore {
  private state: EventState = {
    docId: null,
    events: new Map(),
    relations: new Map(),
    meta: null,
    problems: [],
    selection: null,
    armedRole: null,
    candidate: null,
    relationFrom: null,
    hover: null,
    allArcs: false,
    picker: null,
    confirmDone: false,
  };
  private listeners = new Set<Listener>();
  private generation = 0;
  private seen: { docId: string | null; docSeq: number; history: HistoryState | null } = { docId: null, docSeq: -1, history: null };
  private reloadTimer = 0;

  constructor(readonly app: AppStore) {
    app.subscribe(() => this.follow());
    this.follow();
  }

  readonly subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  readonly getState = (): EventState => this.state;

  private set(patch: Partial<EventState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  schema(): Schema | null {
    return this.app.getState().session?.schema ?? null;
  }

  // ---- following the app ------------------------------------------------------------------------

  private follow(): void {
    const s = this.app.getState();
    const docId = s.docView?.id ?? null;
    if (docId !== this.seen.docId || s.docSeq !== this.seen.docSeq) {
      this.seen = { docId, docSeq: s.docSeq, history: s.history };
      this.generation++;
      this.set({
        docId,
        events: new Map(),
        relations: new Map(),
        meta: null,
        problems: [],
        selection: null,
        armedRole: null,
        candidate: null,
        relationFrom: null,
        hover: null,
        picker: null,
        confirmDone: false,
      });
      if (docId) this.scheduleReload();
      return;
    }
    if (s.history !== this.seen.history) {
      this.seen.history = s.history;
      this.scheduleReload();
    }
  }

  private scheduleReload(): void {
    window.clearTimeout(this.reloadTimer);
    this.reloadTimer = window.setTimeout(() => void this.reload(), 0);
  }

  /** Reload everything of the document (after undo/redo or any change). */
  async reload(): Promise<void> {
    const docId = this.state.docId;
    if (!docId) return;
    const generation = ++this.generation;
    // The shown set: the own one, or another annotator's read-only (AppState.viewSet).
    const args = this.app.setArgs(docId);
    // Without the mentions: the AppStore has them (and keeps them current), and a long document
    // has tens of thousands to serialise on every change.
    const [list, problems] = await Promise.all([call('annotations.list', { ...args, mentions: false }), call('documents.validate', args)]);
    if (generation !== this.generation || docId !== this.state.docId) return;
    if (!list.ok) {
      this.app.reportError(list.error, 'Cannot load the events');
      return;
    }
    const events = new Map(list.value.events.map((e) => [e.id, e]));
    const relations = new Map(list.value.relations.map((r) => [r.id, r]));
    const mentions = this.app.getState().mentions;
    let { selection, candidate, relationFrom, armedRole } = this.state;
    if (selection?.kind === 'event' && !events.has(selection.id)) selection = null;
    if (selection?.kind === 'relation' && !relations.has(selection.id)) selection = null;
    if (!selection || selection.kind !== 'event') armedRole = null;
    if (candidate && !mentions.has(candidate)) candidate = null;
    if (relationFrom && !mentions.has(relationFrom)) relationFrom = null;
    this.set({
      events,
      relations,
      meta: list.value.meta,
      problems: problems.ok ? problems.value : this.state.problems,
      selection,
      armedRole,
      candidate,
      relationFrom,
    });
    if (!problems.ok) this.app.reportError(problems.error, 'Cannot check the document');
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private async mutate<M extends Method>(method: M, args: Args<M>, context: string): Promise<Ret<M> | null> {
    if (this.app.refuseReadOnly()) return null;
    const r = await call(method, args);
    if (!r.ok) {
      if (r.error.code === 'no-annotator') this.app.openAnnotatorDialog();
      this.app.reportError(r.error, context);
      return null;
    }
    const value = r.value as { history?: HistoryState };
    if (value.history) this.app.noteHistory(value.history);
    return r.value;
  }

  eventType(type: string) {
    return this.schema()?.eventTypes.find((t) => t.name === type) ?? null;
  }

  roles(eventId: string): RoleDef[] {
    const e = this.state.events.get(eventId);
    return e ? (this.eventType(e.type)?.roles ?? []) : [];
  }

  /** The mentions (text order) a role of the selected event accepts. */
  candidates(): EntityMention[] {
    const schema = this.schema();
    const s = this.state;
    const all = [...this.app.getState().mentions.values()].sort((a, b) => a.start - b.start || b.end - a.end);
    if (s.relationFrom) return all.filter((m) => m.id !== s.relationFrom);
    if (!schema || s.selection?.kind !== 'event' || !s.armedRole) return [];
    const role = this.roles(s.selection.id).find((r) => r.name === s.armedRole);
    if (!role) return [];
    return all.filter((m) => acceptsType(schema, role.types, m.type, 'entity'));
  }

  /** The roles of the selected event that accept a mention of `type`. */
  rolesFor(type: string): RoleDef[] {
    const schema = this.schema();
    const sel = this.state.selection;
    if (!schema || sel?.kind !== 'event') return [];
    return this.roles(sel.id).filter((r) => acceptsType(schema, r.types, type, 'entity'));
  }

  // ---- selection and interaction -----------------------------------------------------------------

  selectEvent(id: string | null, armFirst = false): void {
    if (id === null) {
      this.set({ selection: null, armedRole: null, candidate: null });
      return;
    }
    const e = this.state.events.get(id);
    if (!e) return;
    this.app.select(null);
    let armedRole: string | null = null;
    // No role to fill in another annotator's set (shown read-only).
    if (armFirst && !this.app.getState().viewSet) {
      const roles = this.eventType(e.type)?.roles ?? [];
      armedRole = (roles.find((r) => !e.arguments.some((a) => a.role === r.name)) ?? roles[0])?.name ?? null;
    }
    this.set({ selection: { kind: 'event', id }, armedRole, candidate: null, relationFrom: null });
  }

  selectRelation(id: string | null): void {
    if (id !== null && !this.state.relations.has(id)) return;
    if (id !== null) this.app.select(null);
    this.set({ selection: id === null ? null : { kind: 'relation', id }, armedRole: null, candidate: null, relationFrom: null });
  }

  /** Select what a problem is about. */
  selectAnnotation(kind: AnnotationKind, id: string): void {
    if (kind === 'event') this.selectEvent(id);
    else if (kind === 'relation') this.selectRelation(id);
    else {
      this.set({ selection: null, armedRole: null, candidate: null });
      this.app.select(id);
    }
  }

  arm(role: string | null): void {
    if (this.state.selection?.kind !== 'event') return;
    this.set({ armedRole: role, candidate: null });
  }

  /** Next (+1) or previous (-1) role of the selected event. */
  cycleRole(step: 1 | -1): void {
    const sel = this.state.selection;
    if (sel?.kind !== 'event') return;
    const roles = this.roles(sel.id);
    if (roles.length === 0) return;
    const at = roles.findIndex((r) => r.name === this.state.armedRole);
    const next = roles[(at + step + roles.length) % roles.length] ?? roles[0];
    this.set({ armedRole: next?.name ?? null, candidate: null });
  }

  /** Tab / Shift+Tab: the next candidate mention; false when there is none. */
  cycleCandidate(step: 1 | -1): boolean {
    const list = this.candidates();
    if (list.length === 0) return false;
    const s = this.state;
    let at = list.findIndex((m) => m.id === s.candidate);
    if (at < 0) {
      // Start next to the trigger (or the first end of a relation), in text order.
      const from =
        s.selection?.kind === 'event'
          ? (s.events.get(s.selection.id)?.triggerStart ?? 0)
          : s.relationFrom
            ? (this.app.getState().mentions.get(s.relationFrom)?.start ?? 0)
            : 0;
      const after = list.findIndex((m) => m.start >= from);
      at = step === 1 ? (after < 0 ? 0 : after) : (after <= 0 ? list.length : after) - 1;
    } else {
      at = (at + step + list.length) % list.length;
    }
    this.set({ candidate: list[at]?.id ?? null });
    return true;
  }

  setAllArcs(on: boolean): void {
    if (on !== this.state.allArcs) this.set({ allArcs: on });
  }

  setHover(id: string | null): void {
    if (id !== this.state.hover) this.set({ hover: id });
  }

  /** `r` on a selected mention: start a relation from it (Tab picks the other end). */
  startRelation(from: string): void {
    this.set({ relationFrom: from, candidate: null, selection: null, armedRole: null });
    this.app.info('Relation: Tab to the other mention (or Shift+click it), Enter to pick the type');
  }

  cancel(): boolean {
    const s = this.state;
    if (s.candidate) this.set({ candidate: null });
    else if (s.relationFrom) this.set({ relationFrom: null });
    else if (s.armedRole) this.set({ armedRole: null });
    else if (s.selection) this.set({ selection: null });
    else return false;
    return true;
  }

  openPicker(picker: PickerState): void {
    this.set({ picker });
  }

  closePicker(): void {
    if (this.state.picker) this.set({ picker: null });
  }

  /** Enter: assign the candidate (or remove it when it already fills the role), or open the relation picker. */
  async commitCandidate(): Promise<boolean> {
    const s = this.state;
    if (s.relationFrom && s.candidate) {
      this.set({ picker: { mode: 'relation', arg1: s.relationFrom, arg2: s.candidate }, relationFrom: null, candidate: null });
      return true;
    }
    if (s.selection?.kind !== 'event' || !s.armedRole || !s.candidate) return false;
    const e = s.events.get(s.selection.id);
    if (e?.arguments.some((a) => a.role === s.armedRole && a.mentionId === s.candidate)) {
      await this.removeArgument(e.id, s.armedRole, s.candidate);
    } else {
      await this.assign(s.selection.id, s.armedRole, s.candidate);
    }
    return true;
  }

  // ---- mutations --------------------------------------------------------------------------------------

  private upsertEvent(e: EventMention): void {
    const events = new Map(this.state.events);
    events.set(e.id, e);
    this.set({ events });
  }

  async createEvent(span: Span, type: string): Promise<EventMention | null> {
    const docId = this.state.docId;
    if (!docId) return null;
    const r = await this.mutate('events.create', { docId, type, start: span.start, end: span.end }, `Cannot create ${type}`);
    if (!r) return null;
    this.upsertEvent(r.event);
    this.selectEvent(r.event.id, true);
    this.app.info(`Event ${type} created: [ and ] choose a role, Tab a mention, Enter assigns`);
    return r.event;
  }

  async retypeEvent(id: string, type: string): Promise<void> {
    const r = await this.mutate('events.update', { id, type }, `Cannot change the event type to ${type}`);
    if (r) this.upsertEvent(r.event);
  }

  async assign(eventId: string, role: string, mentionId: string): Promise<void> {
    const r = await this.mutate('events.setArgument', { id: eventId, role, mentionId }, `Cannot put the mention in ${role}`);
    if (!r) return;
    this.upsertEvent(r.event);
    // Move on to the next empty role.
    const roles = this.eventType(r.event.type)?.roles ?? [];
    const at = roles.findIndex((x) => x.name === role);
    const card = roles[at]?.cardinality;
    const stay = card === '*' || card === '+';
    const next = stay ? role : (roles.slice(at + 1).find((x) => !r.event.arguments.some((a) => a.role === x.name))?.name ?? role);
    if (this.state.selection?.kind === 'event' && this.state.selection.id === eventId) this.set({ armedRole: next, candidate: null });
  }

  async removeArgument(eventId: string, role: string, mentionId: string): Promise<void> {
    const r = await this.mutate('events.removeArgument', { id: eventId, role, mentionId }, 'Cannot remove the argument');
    if (r) this.upsertEvent(r.event);
  }

  async deleteEvent(id: string): Promise<void> {
    const r = await this.mutate('events.delete', { id }, 'Cannot delete the event');
    if (!r) return;
    const events = new Map(this.state.events);
    events.delete(id);
    this.set({ events, selection: null, armedRole: null, candidate: null });
  }

  async createRelation(type: string, arg1: string, arg2: string): Promise<void> {
    const docId = this.state.docId;
    if (!docId) return;
    const r = await this.mutate('relations.create', { docId, type, arg1, arg2 }, `Cannot create ${type}`);
    if (!r) return;
    const relations = new Map(this.state.relations);
    relations.set(r.relation.id, r.relation);
    this.set({ relations, selection: { kind: 'relation', id: r.relation.id }, armedRole: null, candidate: null });
    this.app.select(null);
  }

  async deleteRelation(id: string): Promise<void> {
    const r = await this.mutate('relations.delete', { id }, 'Cannot delete the relation');
    if (!r) return;
    const relations = new Map(this.state.relations);
    relations.delete(id);
    this.set({ relations, selection: null });
  }

  async setAttribute(target: AnnotationRef, name: string, value: string | true | null): Promise<void> {
    const r =
      value === null
        ? await this.mutate('attributes.clear', { target, name }, `Cannot clear ${name}`)
        : await this.mutate('attributes.set', { target, name, value }, `Cannot set ${name}`);
    if (r?.annotation.kind === 'mention') this.app.applyMention(r.annotation.mention);
  }

  async setNote(target: AnnotationRef, note: string): Promise<void> {
    const r = await this.mutate('notes.set', { target, note }, 'Cannot save the note');
    if (r?.annotation.kind === 'mention') this.app.applyMention(r.annotation.mention);
  }

  async setStatus(status: DocumentStatus, force = false): Promise<void> {
    const docId = this.state.docId;
    if (!docId) return;
    if (status === 'done' && !force && this.state.problems.length > 0) {
      this.set({ confirmDone: true });
      return;
    }
    this.set({ confirmDone: false });
    const r = await this.mutate('documents.setStatus', { docId, status }, 'Cannot set the status');
    if (r) {
      this.set({ meta: r.meta });
      void this.app.refreshDocuments([docId]);
    }
  }

  cancelDone(): void {
    this.set({ confirmDone: false });
  }

  /** Document flags from a comma-separated field ("review, unclear"): trimmed, empty ones and repeats dropped. */
  async setDocFlags(input: string): Promise<void> {
    const docId = this.state.docId;
    if (!docId) return;
    const flags = [...new Set(input.split(',').map((f) => f.trim()).filter((f) => f.length > 0))];
    if (flags.join('\u0000') === (this.state.meta?.flags ?? []).join('\u0000')) return;
    const r = await this.mutate('documents.setFlags', { docId, flags }, 'Cannot save the document flags');
    if (r) this.set({ meta: r.meta });
  }

  async setDocNote(note: string): Promise<void> {
    const docId = this.state.docId;
    if (!docId || (this.state.meta?.note ?? '') === note) return;
    const r = await this.mutate('documents.setNote', { docId, note }, 'Cannot save the document note');
    if (r) this.set({ meta: r.meta });
  }
}
