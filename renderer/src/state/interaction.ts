/**
 * How the user is working on events and relations in the open document: the selected event or
 * relation, the armed role, the candidate mention Tab moves to, the first end of a keyboard
 * relation, the hovered frame, the open type picker, the arcs switch and the "mark done while
 * problems remain" question. Nothing here is stored: the changes go to the DocumentSession. A new
 * document clears it, and an event or relation that is gone is deselected.
 */
import type { AnnotationKind, DocumentStatus, EntityMention, EventMention, RoleDef, Span } from '../../../annotations/model';
import { acceptsType } from '../../../annotations/validate';
import type { DocumentSession } from './documentSession';
import { Observable } from './observable';
import type { Workspace } from './workspace';
import { t } from '../i18n';

export type Selection = { kind: 'event' | 'relation'; id: string } | null;

export type PickerState =
  | { mode: 'event'; span: Span }
  | { mode: 'retype'; eventId: string }
  | { mode: 'relation'; arg1: string; arg2: string }
  | null;

/** Above this many events and relations in a document, only the focused frame's arcs are drawn (unless allArcs). */
export const DENSE_FRAMES = 8;

export interface InteractionState {
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

const CLEAR: Omit<InteractionState, 'allArcs'> = {
  selection: null,
  armedRole: null,
  candidate: null,
  relationFrom: null,
  hover: null,
  picker: null,
  confirmDone: false,
};

/**
 * Where Tab starts among candidates (text order) for a trigger (or relation end) `anchor`: the
 * first candidate of its sentence, in reading order (Shift+Tab: the last one before the anchor
 * there, else the sentence's last); with none in the sentence, the candidate nearest the anchor.
 */
export function firstCandidate(list: readonly Span[], anchor: Span, step: 1 | -1, sentence: Span | null): number {
  if (list.length === 0) return -1;
  if (sentence) {
    const inside: number[] = [];
    list.forEach((m, i) => {
      if (m.start >= sentence.start && m.end <= sentence.end) inside.push(i);
    });
    if (inside.length > 0) {
      if (step === 1) return inside[0] as number;
      const before = inside.filter((i) => (list[i] as Span).start < anchor.start);
      return (before.length > 0 ? before[before.length - 1] : inside[inside.length - 1]) as number;
    }
  }
  let best = 0;
  let bestDistance = Infinity;
  list.forEach((m, i) => {
    const distance = m.end <= anchor.start ? anchor.start - m.end : m.start >= anchor.end ? m.start - anchor.end : 0;
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  });
  return best;
}

export class Interaction extends Observable<InteractionState> {
  private seq = -1;

  constructor(
    private readonly ws: Workspace,
    private readonly doc: DocumentSession,
  ) {
    super({ ...CLEAR, allArcs: false });
    doc.subscribe(() => this.follow());
  }

  /** A new document clears everything; what no longer exists is let go. */
  private follow(): void {
    const d = this.doc.getState();
    if (d.seq !== this.seq) {
      this.seq = d.seq;
      this.set({ ...CLEAR });
      return;
    }
    let { selection, candidate, relationFrom, armedRole } = this.state;
    if (selection?.kind === 'event' && !d.events.has(selection.id)) selection = null;
    if (selection?.kind === 'relation' && !d.relations.has(selection.id)) selection = null;
    if (!selection || selection.kind !== 'event') armedRole = null;
    if (candidate && !d.mentions.has(candidate)) candidate = null;
    if (relationFrom && !d.mentions.has(relationFrom)) relationFrom = null;
    const s = this.state;
    if (selection !== s.selection || armedRole !== s.armedRole || candidate !== s.candidate || relationFrom !== s.relationFrom) {
      this.set({ selection, armedRole, candidate, relationFrom });
    }
  }

  // ---- what the schema allows -------------------------------------------------------------------

  eventType(type: string) {
    return this.ws.schema()?.eventTypes.find((t) => t.name === type) ?? null;
  }

  roles(eventId: string): RoleDef[] {
    const e = this.doc.getState().events.get(eventId);
    return e ? (this.eventType(e.type)?.roles ?? []) : [];
  }

  /** The mentions (text order) a role of the selected event accepts. */
  candidates(): EntityMention[] {
    const schema = this.ws.schema();
    const s = this.state;
    const all = [...this.doc.getState().mentions.values()].sort((a, b) => a.start - b.start || b.end - a.end);
    if (s.relationFrom) return all.filter((m) => m.id !== s.relationFrom);
    if (!schema || s.selection?.kind !== 'event' || !s.armedRole) return [];
    const role = this.roles(s.selection.id).find((r) => r.name === s.armedRole);
    if (!role) return [];
    return all.filter((m) => acceptsType(schema, role.types, m.type, 'entity'));
  }

  /** The roles of the selected event that accept a mention of `type`. */
  rolesFor(type: string): RoleDef[] {
    const schema = this.ws.schema();
    const sel = this.state.selection;
    if (!schema || sel?.kind !== 'event') return [];
    return this.roles(sel.id).filter((r) => acceptsType(schema, r.types, type, 'entity'));
  }

  // ---- selection --------------------------------------------------------------------------------

  selectEvent(id: string | null, armFirst = false): void {
    if (id === null) {
      this.set({ selection: null, armedRole: null, candidate: null });
      return;
    }
    const e = this.doc.getState().events.get(id);
    if (!e) return;
    this.doc.select(null);
    let armedRole: string | null = null;
    // No role to fill in another annotator's set (shown read-only).
    if (armFirst && !this.ws.getState().viewSet) {
      const roles = this.eventType(e.type)?.roles ?? [];
      armedRole = (roles.find((r) => !e.arguments.some((a) => a.role === r.name)) ?? roles[0])?.name ?? null;
    }
    this.set({ selection: { kind: 'event', id }, armedRole, candidate: null, relationFrom: null });
  }

  selectRelation(id: string | null): void {
    if (id !== null && !this.doc.getState().relations.has(id)) return;
    if (id !== null) this.doc.select(null);
    this.set({ selection: id === null ? null : { kind: 'relation', id }, armedRole: null, candidate: null, relationFrom: null });
  }

  /** Select what a problem is about. */
  selectAnnotation(kind: AnnotationKind, id: string): void {
    if (kind === 'event') this.selectEvent(id);
    else if (kind === 'relation') this.selectRelation(id);
    else {
      this.set({ selection: null, armedRole: null, candidate: null });
      this.doc.select(id);
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

  /**
   * Tab / Shift+Tab: the next candidate mention; false when there is none. `sentenceOf` gives the
   * sentence around a span (ParagraphTable.sentenceAround): the first Tab starts there.
   */
  cycleCandidate(step: 1 | -1, sentenceOf?: (span: Span) => Span): boolean {
    const list = this.candidates();
    if (list.length === 0) return false;
    const s = this.state;
    const d = this.doc.getState();
    let at = list.findIndex((m) => m.id === s.candidate);
    if (at < 0) {
      // Start near the trigger (or the first end of a relation).
      const e = s.selection?.kind === 'event' ? d.events.get(s.selection.id) : undefined;
      const from = s.relationFrom ? d.mentions.get(s.relationFrom) : undefined;
      const anchor = e ? { start: e.triggerStart, end: e.triggerEnd } : from ? { start: from.start, end: from.end } : { start: 0, end: 0 };
      at = firstCandidate(list, anchor, step, sentenceOf?.(anchor) ?? null);
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
    this.hints.relation = this.ws.info(t('status.relationHint'));
  }

  /** Status-line hints that hold only while their state lasts: a relation being made, an event just created. */
  private hints: { relation: number | null; event: { id: string; message: number } | null } = { relation: null, event: null };

  protected override set(patch: Partial<InteractionState>, afterPaint = false): void {
    super.set(patch, afterPaint);
    const s = this.state;
    if (this.hints.relation !== null && s.relationFrom === null) {
      this.ws.dismiss(this.hints.relation);
      this.hints.relation = null;
    }
    const ev = this.hints.event;
    if (ev && (s.selection?.kind !== 'event' || s.selection.id !== ev.id)) {
      this.ws.dismiss(ev.message);
      this.hints.event = null;
    }
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
    const e = this.doc.getState().events.get(s.selection.id);
    if (e?.arguments.some((a) => a.role === s.armedRole && a.mentionId === s.candidate)) {
      await this.doc.removeArgument(e.id, s.armedRole, s.candidate);
    } else {
      await this.assign(s.selection.id, s.armedRole, s.candidate);
    }
    return true;
  }

  // ---- changes, then where the interaction goes -------------------------------------------------

  async createEvent(span: Span, type: string): Promise<EventMention | null> {
    const event = await this.doc.createEvent(span, type);
    if (!event) return null;
    this.selectEvent(event.id, true);
    this.hints.event = { id: event.id, message: this.ws.info(t('status.eventCreated', { type })) };
    return event;
  }

  /** Put a mention in a role, then arm the next empty role (a role taking several fillers stays armed). */
  async assign(eventId: string, role: string, mentionId: string): Promise<void> {
    const event = await this.doc.setArgument(eventId, role, mentionId);
    if (!event) return;
    const roles = this.eventType(event.type)?.roles ?? [];
    const at = roles.findIndex((x) => x.name === role);
    const card = roles[at]?.cardinality;
    const stay = card === '*' || card === '+';
    const next = stay ? role : (roles.slice(at + 1).find((x) => !event.arguments.some((a) => a.role === x.name))?.name ?? role);
    if (this.state.selection?.kind === 'event' && this.state.selection.id === eventId) this.set({ armedRole: next, candidate: null });
  }

  async deleteEvent(id: string): Promise<void> {
    if (await this.doc.deleteEvent(id)) this.set({ selection: null, armedRole: null, candidate: null });
  }

  async createRelation(type: string, arg1: string, arg2: string): Promise<void> {
    const relation = await this.doc.createRelation(type, arg1, arg2);
    if (!relation) return;
    this.set({ selection: { kind: 'relation', id: relation.id }, armedRole: null, candidate: null });
    this.doc.select(null);
  }

  async deleteRelation(id: string): Promise<void> {
    if (await this.doc.deleteRelation(id)) this.set({ selection: null });
  }

  /** "Mark done" while problems remain asks first (confirmDone); `force` is the answer. */
  async setStatus(status: DocumentStatus, force = false): Promise<void> {
    if (status === 'done' && !force && this.doc.getState().problems.length > 0) {
      this.set({ confirmDone: true });
      return;
    }
    this.set({ confirmDone: false });
    await this.doc.setStatus(status);
  }

  cancelDone(): void {
    this.set({ confirmDone: false });
  }
}
