/**
 * Qalam's keys, as a pure function of the key event and the schema. The same map serves the
 * editor (Lexical KEY_DOWN_COMMAND) and the rest of the window.
 *
 *   type hotkey ("1".."8")      tag the selection, snapped to whole words; with a mention
 *                               selected and no text selected: change its type
 *   Alt + type hotkey           tag the exact characters (grapheme-snapped)
 *   Delete / Backspace          delete the selected mention
 *   Escape                      deselect
 *   Ctrl+Z, Ctrl+Shift+Z/Ctrl+Y undo, redo (Cmd on macOS)
 *   Ctrl+F                      find in the document
 *   o                           the selected mention's other occurrences: a preview, Enter tags them
 *   n / p (Shift+N)             the next / previous suggestion
 *   Enter or y                  accept the suggestion in focus (a type's hotkey: accept as that type)
 *   x                           reject it (it is not suggested again)
 *   Shift+Enter                 accept every suggestion of the document above the chosen score
 * A type's hotkey wins over these letters (the schema editor warns of the clash).
 */
import type { Schema } from '../../../annotations/model';
import type { MessageKey } from '../i18n';

export type KeyAction =
  | { kind: 'label'; type: string; exact: boolean }
  | { kind: 'delete' }
  | { kind: 'escape' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'find' }
  | { kind: 'suggest'; op: SuggestOp };

export type SuggestOp = 'next' | 'prev' | 'accept' | 'reject' | 'acceptAll' | 'occurrences';

/** The suggestion keys (letters by their physical key, as type hotkeys: any keyboard layout). */
const SUGGEST_KEYS: Record<string, SuggestOp> = { n: 'next', p: 'prev', y: 'accept', x: 'reject', o: 'occurrences' };

/** The event and relation keys (EventsPlugin reads them from here). */
export const EVENT_KEYS = { pick: 'v', relation: 'r', prevRole: '[', nextRole: ']' } as const;

/** The review screen's keys (ReviewScreen reads them from here). */
export const REVIEW_KEYS = { next: 'n', prev: 'p', both: 'b', reject: 'x', agreed: 'a', editGold: 'g', agreement: 't' } as const;

/** The key that shows every key (KeyboardHelp). */
export const HELP_KEY = '?';

/**
 * The single keys the window itself uses while annotating, with what each does: a type's hotkey
 * must not take one (the schema editor refuses it by name). Read from SUGGEST_KEYS, EVENT_KEYS
 * and HELP_KEY, so a key added there is refused with it.
 */
export function reservedKeys(): ReadonlyMap<string, MessageKey> {
  const out = new Map<string, MessageKey>();
  for (const [key, op] of Object.entries(SUGGEST_KEYS)) out.set(key, `keyUse.${op}`);
  for (const [name, key] of Object.entries(EVENT_KEYS)) out.set(key, `keyUse.${name as keyof typeof EVENT_KEYS}`);
  out.set(HELP_KEY, 'keyUse.help');
  return out;
}

export type HelpScreen = 'window' | 'annotate' | 'events' | 'review';

/** One line of the keyboard help: keys (each a chord of key names), and what they do. */
export interface KeyHelp {
  screen: HelpScreen;
  keys: string[][];
  help: MessageKey;
  values?: Record<string, string>;
}

/**
 * Every key of the window, from the same tables and schema the handlers read: the schema's
 * entity and event hotkeys, SUGGEST_KEYS, EVENT_KEYS, REVIEW_KEYS. A key changed here (or in the
 * schema editor) changes the help with it.
 */
/** Ctrl (Cmd) with these keys: the text's size, larger (1), smaller (−1), actual (0); app/ProjectMenu.tsx reads them. */
export const ZOOM_KEYS: Readonly<Record<string, 1 | -1 | 0>> = { '+': 1, '=': 1, '-': -1, _: -1, '0': 0 };

function zoomKey(dir: 1 | -1 | 0): string {
  return Object.keys(ZOOM_KEYS).find((k) => ZOOM_KEYS[k] === dir) ?? '';
}

export function keyHelp(schema: Schema | null): KeyHelp[] {
  const out: KeyHelp[] = [];
  const suggest = (op: SuggestOp) => Object.keys(SUGGEST_KEYS).find((k) => SUGGEST_KEYS[k] === op) ?? '';
  out.push({ screen: 'window', keys: [['Ctrl', 'F']], help: 'help.find' });
  out.push({ screen: 'window', keys: [['Ctrl', 'E']], help: 'help.export' });
  out.push({ screen: 'window', keys: [['Ctrl', 'Z']], help: 'keys.undo' });
  out.push({ screen: 'window', keys: [['Ctrl', 'Shift', 'Z'], ['Ctrl', 'Y']], help: 'keys.redo' });
  out.push({ screen: 'window', keys: [['Ctrl', zoomKey(1)], ['Ctrl', zoomKey(-1)]], help: 'help.zoom' });
  out.push({ screen: 'window', keys: [['Ctrl', zoomKey(0)]], help: 'help.zoomReset' });
  out.push({ screen: 'window', keys: [[HELP_KEY]], help: 'help.help' });
  for (const t of schema?.entityTypes ?? []) {
    if (!t.abstract && t.hotkey) out.push({ screen: 'annotate', keys: [[t.hotkey]], help: 'help.entityType', values: { type: t.name } });
  }
  out.push({ screen: 'annotate', keys: [['Alt', '…']], help: 'help.exact' });
  out.push({ screen: 'annotate', keys: [['Delete'], ['Backspace']], help: 'keys.delete' });
  out.push({ screen: 'annotate', keys: [['Escape']], help: 'keys.deselect' });
  out.push({ screen: 'annotate', keys: [[suggest('occurrences')]], help: 'keys.occurrences' });
  out.push({ screen: 'annotate', keys: [[suggest('next')], [suggest('prev')]], help: 'keys.nextSuggestion' });
  out.push({ screen: 'annotate', keys: [['Enter'], [suggest('accept')], [suggest('reject')]], help: 'keys.acceptReject', values: { range: '1–9' } });
  out.push({ screen: 'annotate', keys: [['Shift', 'Enter']], help: 'keys.acceptAll' });
  for (const t of schema?.eventTypes ?? []) {
    if (t.hotkey) out.push({ screen: 'events', keys: [[t.hotkey]], help: 'help.eventType', values: { type: t.name } });
  }
  out.push({ screen: 'events', keys: [[EVENT_KEYS.pick]], help: 'help.pick' });
  out.push({ screen: 'events', keys: [[EVENT_KEYS.prevRole], [EVENT_KEYS.nextRole]], help: 'help.roles' });
  out.push({ screen: 'events', keys: [['Tab'], ['Shift', 'Tab']], help: 'help.candidates' });
  out.push({ screen: 'events', keys: [['Enter']], help: 'help.assign' });
  out.push({ screen: 'events', keys: [[EVENT_KEYS.relation]], help: 'help.relation' });
  out.push({ screen: 'events', keys: [['Delete']], help: 'help.deleteEvent' });
  out.push({ screen: 'review', keys: [[REVIEW_KEYS.next], [REVIEW_KEYS.prev]], help: 'review.keys.nav' });
  out.push({ screen: 'review', keys: [['1'], ['…'], ['9']], help: 'help.review.accept' });
  out.push({ screen: 'review', keys: [[REVIEW_KEYS.both]], help: 'review.keys.both' });
  out.push({ screen: 'review', keys: [[REVIEW_KEYS.reject]], help: 'review.keys.reject' });
  out.push({ screen: 'review', keys: [[REVIEW_KEYS.agreed]], help: 'review.keys.agreed' });
  out.push({ screen: 'review', keys: [[REVIEW_KEYS.editGold]], help: 'review.keys.editGold' });
  out.push({ screen: 'review', keys: [[REVIEW_KEYS.agreement]], help: 'help.review.agreement' });
  return out;
}

/** The character a physical key stands for, independent of layout and modifiers ("Digit1" → "1"). */
function keyOfCode(code: string): string | null {
  let m = /^(?:Digit|Numpad)(\d)$/.exec(code);
  if (m) return m[1] ?? null;
  m = /^Key([A-Z])$/.exec(code);
  if (m) return (m[1] ?? '').toLowerCase();
  return null;
}

export function hotkeyType(event: Pick<KeyboardEvent, 'key' | 'code'>, schema: Schema | null): string | null {
  if (!schema) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : null;
  const physical = keyOfCode(event.code);
  for (const t of schema.entityTypes) {
    if (t.abstract) continue;
    const h = t.hotkey?.toLowerCase();
    if (!h) continue;
    if (h === key || h === physical) return t.name;
  }
  return null;
}

export function keyAction(event: KeyboardEvent, schema: Schema | null): KeyAction | null {
  if (event.isComposing) return null;
  const mod = event.ctrlKey || event.metaKey;
  const lower = event.key.toLowerCase();
  if (mod && !event.altKey) {
    if (lower === 'z' || event.code === 'KeyZ') return event.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
    if ((lower === 'y' || event.code === 'KeyY') && !event.shiftKey) return { kind: 'redo' };
    if ((lower === 'f' || event.code === 'KeyF') && !event.shiftKey) return { kind: 'find' };
    return null;
  }
  if (mod) return null;
  if (event.key === 'Delete' || event.key === 'Backspace') return { kind: 'delete' };
  if (event.key === 'Escape') return { kind: 'escape' };
  if (event.key === 'Enter' && !event.altKey) return { kind: 'suggest', op: event.shiftKey ? 'acceptAll' : 'accept' };
  const type = hotkeyType(event, schema);
  if (type) return { kind: 'label', type, exact: event.altKey };
  if (event.altKey) return null;
  const letter = keyOfCode(event.code) ?? (event.key.length === 1 ? event.key.toLowerCase() : null);
  const op = letter === null ? undefined : SUGGEST_KEYS[letter];
  if (op === 'next' && event.shiftKey) return { kind: 'suggest', op: 'prev' };
  return op ? { kind: 'suggest', op } : null;
}
