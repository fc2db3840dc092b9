/**
 * Events in the editor: the arc layer (triggers, arguments, relations), the event keys and the
 * clicks that fill roles or pair mentions for a relation.
 *
 * Keys (not in text fields or dialogs), before the editor's own key map:
 *   with text selected:  event-type key (schema hotkey, a letter)  new event on the selection
 *                        v                                          pick the event type from a list
 *                        entity key while a role is armed           new mention, put in the role
 *   with an event selected:  [ ]  previous/next role · Tab/Shift+Tab  next/previous mention the role
 *                        accepts · Enter  assign it (again: remove it) · Delete  delete the event ·
 *                        event key or v  change its type · Escape  step back
 *   with a mention selected: r  start a relation (Tab to the other mention, Enter, pick the type)
 *   Shift+click a second mention: relation between the selected mention and it.
 */
import { useEffect } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { CLICK_COMMAND, COMMAND_PRIORITY_CRITICAL, COMMAND_PRIORITY_HIGH, mergeRegister, type LexicalEditor } from 'lexical';
import type { Schema, Span } from '../../../annotations/model';
import { acceptsType } from '../../../annotations/validate';
import { $getSelectionPoints } from '../editor/$document';
import { SELECT_MENTION_COMMAND } from '../editor/commands';
import { snapForTagging, useAnnotationContext, type AnnotationContextValue } from '../editor/context';
import { EVENT_KEYS, hotkeyType } from '../editor/keymap';
import { ArcLayer, type Arc, type ArcScene } from '../overlay/arcs';
import { DENSE_FRAMES, type Interaction } from '../state/interaction';
import './events.css';
import { t } from '../i18n';

/** A darker shade of a pale colour, for lines and outlines. */
export function ink(color: string, amount = 0.5): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return '#555';
  const n = parseInt(m[1] ?? '0', 16);
  const ch = (shift: number) => Math.round(((n >> shift) & 255) * (1 - amount));
  return `rgb(${ch(16)} ${ch(8)} ${ch(0)})`;
}

function keyChar(e: KeyboardEvent): string | null {
  const m = /^Key([A-Z])$/.exec(e.code);
  if (m) return (m[1] ?? '').toLowerCase();
  return e.key.length === 1 ? e.key.toLowerCase() : null;
}

function eventHotkey(e: KeyboardEvent, schema: Schema | null): string | null {
  if (!schema || e.altKey) return null;
  const k = e.key.length === 1 ? e.key.toLowerCase() : null;
  const code = keyChar(e);
  for (const t of schema.eventTypes) {
    const h = t.hotkey?.toLowerCase();
    if (h && !t.abstract && (h === k || h === code)) return t.name;
  }
  return null;
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset', 'file'].includes(target.type);
}

/** The selected text as a span (snapped like the entity keys), or null when nothing is selected. */
function selectedSpan(editor: LexicalEditor, ctx: AnnotationContextValue, exact: boolean): Span | null {
  const dom = window.getSelection();
  const root = editor.getRootElement();
  if (!dom || dom.isCollapsed || !root || !dom.anchorNode || !root.contains(dom.anchorNode)) return null;
  const points = editor.read(() => $getSelectionPoints(ctx.model, editor));
  if (!points || points.collapsed) return null;
  const r = snapForTagging(ctx, points, exact);
  return r.ok ? r.span : null;
}

function collapseSelection(): void {
  const s = window.getSelection();
  if (s && !s.isCollapsed) s.collapseToEnd();
}

function onKey(editor: LexicalEditor, ctx: AnnotationContextValue, events: Interaction, e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey) return false;
  if (document.querySelector('dialog[open]')) return false;
  const root = editor.getRootElement();
  const inEditor = root !== null && e.target instanceof Node && root.contains(e.target);
  if (!inEditor && isTextField(e.target)) return false;
  const ws = ctx.ws.getState();
  const app = ctx.ws.doc.getState();
  const schema = ws.session?.schema ?? null;
  const ev = events.getState();
  const sel = ev.selection;
  const key = keyChar(e);

  // The one read-only guard of the event keys: while another annotator's set is shown, Escape
  // still steps back and every key that would change something is refused (entity keys are the
  // editor's, refused by AnnotationPlugin).
  if (ws.viewSet) {
    if (e.key === 'Escape') return events.cancel();
    const edits =
      eventHotkey(e, schema) !== null ||
      (!e.altKey && (key === EVENT_KEYS.pick || key === EVENT_KEYS.relation)) ||
      e.key === EVENT_KEYS.prevRole ||
      e.key === EVENT_KEYS.nextRole ||
      ((e.key === 'Delete' || e.key === 'Backspace') && sel !== null && app.selectedId === null);
    return edits && ctx.ws.refuseReadOnly();
  }

  if (e.key !== 'Tab' && e.key !== 'Enter' && e.key !== 'Escape') {
    const span = selectedSpan(editor, ctx, e.altKey);
    if (span) {
      const entity = hotkeyType(e, schema);
      if (entity && sel?.kind === 'event' && ev.armedRole) {
        const eventId = sel.id;
        const role = ev.armedRole;
        void ctx.ws.doc.createMention(span, entity).then(async (m) => {
          if (!m) return;
          ctx.ws.doc.select(null);
          collapseSelection();
          await events.assign(eventId, role, m.id);
        });
        return true;
      }
      const type = eventHotkey(e, schema);
      if (type) {
        collapseSelection();
        void events.createEvent(span, type);
        return true;
      }
      if (key === EVENT_KEYS.pick && !e.altKey) {
        events.openPicker({ mode: 'event', span });
        return true;
      }
      return false;
    }
  }

  if (e.key === 'Escape') return events.cancel();

  if (ev.relationFrom || (sel?.kind === 'event' && ev.armedRole)) {
    if (e.key === 'Tab') {
      if (events.cycleCandidate(e.shiftKey ? -1 : 1, (span) => ctx.model.table.sentenceAround(span))) {
        const c = events.getState().candidate;
        if (c) ctx.overlay.current?.reveal(c);
      }
      return true;
    }
    if (e.key === 'Enter') {
      void events.commitCandidate();
      return true;
    }
  }

  if (sel?.kind === 'event') {
    if (e.code === 'BracketLeft' || e.code === 'BracketRight' || e.key === EVENT_KEYS.prevRole || e.key === EVENT_KEYS.nextRole) {
      events.cycleRole(e.code === 'BracketLeft' || e.key === EVENT_KEYS.prevRole ? -1 : 1);
      return true;
    }
    if ((e.key === 'Delete' || e.key === 'Backspace') && app.selectedId === null) {
      void events.deleteEvent(sel.id);
      return true;
    }
    const type = eventHotkey(e, schema);
    if (type && app.selectedId === null) {
      void ctx.ws.doc.retypeEvent(sel.id, type);
      return true;
    }
    if (key === EVENT_KEYS.pick && !e.altKey) {
      events.openPicker({ mode: 'retype', eventId: sel.id });
      return true;
    }
  }
  if (sel?.kind === 'relation' && (e.key === 'Delete' || e.key === 'Backspace') && app.selectedId === null) {
    void events.deleteRelation(sel.id);
    return true;
  }
  if (key === EVENT_KEYS.relation && !e.altKey && !e.shiftKey && app.selectedId !== null) {
    events.startRelation(app.selectedId);
    return true;
  }
  if (key === EVENT_KEYS.pick && !e.altKey && !e.shiftKey) {
    ctx.ws.info(t('status.selectTriggerFirst'));
    return true;
  }
  return false;
}

function buildScene(ctx: AnnotationContextValue, events: Interaction): ArcScene {
  const doc = ctx.ws.doc.getState();
  const ev = { ...doc, ...events.getState() };
  const schema = ctx.ws.schema();
  const mentions = doc.mentions;
  const focus = ev.hover ?? ev.selection?.id ?? null;
  // Dense documents: only the focused frame's arcs (see EventState.allArcs).
  const sparse = !ev.allArcs && ev.events.size + ev.relations.size > DENSE_FRAMES;
  const drawn = (owner: string) => !sparse || owner === focus;
  const eventColor = new Map((schema?.eventTypes ?? []).map((t) => [t.name, t.color]));
  const relColor = new Map((schema?.relationTypes ?? []).map((t) => [t.name, t.color]));
  const triggers: ArcScene['triggers'] = [];
  const arcs: Arc[] = [];
  // An argument or relation end may be an event ("E3"): its arc goes to that event's trigger.
  const endSpan = (id: string): { start: number; end: number } | undefined => {
    const e = /^E\d+$/.test(id) ? ev.events.get(id) : undefined;
    return e ? { start: e.triggerStart, end: e.triggerEnd } : mentions.get(id);
  };
  for (const e of ev.events.values()) {
    const color = ink(eventColor.get(e.type) ?? '#bbbbbb', 0.45);
    const trigger = { start: e.triggerStart, end: e.triggerEnd };
    triggers.push({
      id: e.id,
      span: trigger,
      label: e.type,
      color,
      selected: ev.selection?.kind === 'event' && ev.selection.id === e.id,
      dim: focus !== null && focus !== e.id,
    });
    e.arguments.forEach((a, i) => {
      const m = endSpan(a.mentionId);
      if (!m || !drawn(e.id)) return;
      arcs.push({
        owner: e.id,
        key: `${e.id}:${a.role}:${a.mentionId}:${i}`,
        from: trigger,
        to: m,
        label: a.role,
        color,
        emphasis: focus === null ? 'normal' : focus === e.id ? 'strong' : 'dim',
      });
    });
  }
  for (const r of ev.relations.values()) {
    const a = endSpan(r.arg1);
    const b = endSpan(r.arg2);
    if (!a || !b || !drawn(r.id)) continue;
    arcs.push({
      owner: r.id,
      key: r.id,
      from: a,
      to: b,
      label: r.type,
      color: ink(relColor.get(r.type) ?? '#888888', 0.15),
      emphasis: focus === null ? 'normal' : focus === r.id ? 'strong' : 'dim',
    });
  }
  let candidate: ArcScene['candidate'] = null;
  const c = ev.candidate ? mentions.get(ev.candidate) : undefined;
  if (c) {
    candidate = c;
    const sel = ev.selection;
    const e = sel?.kind === 'event' ? ev.events.get(sel.id) : undefined;
    const from = e ? { start: e.triggerStart, end: e.triggerEnd } : ev.relationFrom ? mentions.get(ev.relationFrom) : undefined;
    if (from) {
      arcs.push({
        owner: 'candidate',
        key: 'candidate',
        from,
        to: c,
        label: `${ev.armedRole ?? 'relation'}?`,
        color: '#1a73e8',
        emphasis: 'preview',
      });
    }
  }
  return { triggers, arcs, candidate };
}

export function EventsPlugin(): null {
  const [editor] = useLexicalComposerContext();
  const ctx = useAnnotationContext();

  useEffect(() => {
    const events = ctx.ws.interaction;
    const doc = ctx.ws.doc;
    let layer: ArcLayer | null = null;
    let sheet: HTMLElement | null = null;
    const redraw = () => {
      if (!layer) return;
      const ev = doc.getState();
      sheet?.classList.toggle('has-arcs', ev.events.size + ev.relations.size > 0);
      layer.setScene(buildScene(ctx, events));
    };
    const keyListener = (e: KeyboardEvent) => {
      if (onKey(editor, ctx, events, e)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', keyListener, true);
    const offEvents = events.subscribe(redraw);
    const offDoc = doc.subscribe(redraw);
    const offWs = ctx.ws.subscribe(redraw);
    const unregister = mergeRegister(
      editor.registerRootListener((root) => {
        layer?.dispose();
        layer = null;
        sheet = root?.closest<HTMLElement>('.doc-sheet') ?? null;
        if (!sheet) return;
        layer = new ArcLayer({
          sheet,
          table: ctx.model.table,
          paragraphElement: (index) => {
            const key = ctx.model.paragraphKey(index);
            return key === undefined ? null : editor.getElementByKey(key);
          },
        });
        redraw();
      }),
      editor.registerUpdateListener(() => layer?.schedule()),
      editor.registerCommand(
        CLICK_COMMAND,
        (event) => {
          const dom = window.getSelection();
          const collapsed = !dom || dom.isCollapsed;
          const hit = ctx.overlay.current?.hitTest(event.clientX, event.clientY) ?? null;
          if (event.shiftKey && hit && !ctx.ws.refuseReadOnly()) {
            const from = events.getState().relationFrom ?? doc.getState().selectedId;
            if (from && from !== hit) {
              collapseSelection();
              events.openPicker({ mode: 'relation', arg1: from, arg2: hit });
              return true;
            }
          }
          if (!collapsed || hit) return false;
          const trigger = layer?.hitTrigger(event.clientX, event.clientY) ?? null;
          if (trigger) {
            events.selectEvent(trigger, true);
            return true;
          }
          return false;
        },
        COMMAND_PRIORITY_CRITICAL,
      ),
      editor.registerCommand(
        SELECT_MENTION_COMMAND,
        (id) => {
          const ev = events.getState();
          const schema = ctx.ws.schema();
          if (id === null) {
            if (ev.selection) events.cancel();
            return false;
          }
          const m = doc.getState().mentions.get(id);
          if (ev.relationFrom && m && id !== ev.relationFrom) {
            events.openPicker({ mode: 'relation', arg1: ev.relationFrom, arg2: id });
            return true;
          }
          if (ev.selection?.kind === 'event' && ev.armedRole && m && schema) {
            const role = events.roles(ev.selection.id).find((r) => r.name === ev.armedRole);
            if (role && acceptsType(schema, role.types, m.type, 'entity')) {
              void events.assign(ev.selection.id, role.name, id);
              return true;
            }
            const fits = events.rolesFor(m.type);
            ctx.ws.info(
              fits.length > 0
                ? t('status.roleRefusesFits', { role: role?.name ?? t('status.thisRole'), type: m.type, roles: fits.map((r) => r.name).join(', ') })
                : t('status.roleRefuses', { role: role?.name ?? t('status.thisRole'), type: m.type }),
            );
            return true;
          }
          if (ev.selection) events.selectEvent(null);
          return false;
        },
        COMMAND_PRIORITY_HIGH,
      ),
    );
    return () => {
      window.removeEventListener('keydown', keyListener, true);
      offEvents();
      offDoc();
      offWs();
      unregister();
      layer?.dispose();
      sheet?.classList.remove('has-arcs');
    };
  }, [editor, ctx]);
  return null;
}
