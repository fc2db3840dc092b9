/**
 * What the overlay draws, per paragraph ("group"), and where: the pieces of mentions, suggestions
 * (ghosts) and event triggers that fall in a paragraph, the boxes measured for them from the text
 * (DOM Range.getClientRects over each piece's UTF-16 range in the paragraph's single text node;
 * reads only, never a write), and how a box is placed in its group. OverlayController owns the
 * groups and the frame; draw.ts makes the elements.
 */
import type { EntityMention, Span } from '../../../annotations/model';
import type { SuggestionItem } from '../contract';
import type { ParagraphTable } from '../offsets/ParagraphTable';
import { paragraphTextNode } from './dom';
import { assignLanes, compareForLanes } from './lanes';

export interface Piece {
  id: string;
  type: string;
  start16: number;
  end16: number;
  /** Code points of the whole mention: the innermost mention is the shortest. */
  cpLength: number;
  /** First piece of its mention: carries the chip. */
  first: boolean;
  /** Reading direction of the mention text (where its chip is anchored). */
  dir: 'ltr' | 'rtl';
  lane: number;
  /** A suggestion (drawn as a ghost: lighter, dashed, its chip naming the source and score). */
  ghost?: { source: SuggestionItem['source']; score: number };
  /** An event's trigger: only its chip is drawn here (the arc layer outlines the words). */
  trigger?: true;
  /** Last piece of its mention: carries the note marker. */
  last: boolean;
  /** The mention's note (a marker at its end, the note as its tooltip). */
  note?: string;
  /** Its chip's width, for the locale and type it was computed for (draw.ts placeChip). */
  chip?: { locale: string; type: string; w: number };
}

/** An event trigger the overlay labels with a chip (its type). */
export interface TriggerItem {
  /** The event's id. */
  id: string;
  type: string;
  start: number;
  end: number;
}

/** The overlay id of an event's trigger chip (never a mention id). */
export function triggerId(eventId: string): string {
  return `t:${eventId}`;
}

/** The overlay id of a suggestion (never a mention id: those are numbers or `pending-N`). */
export function ghostId(key: string): string {
  return `s:${key}`;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Measured {
  boxes: Box[];
  /** The first character's box: the chip's anchor. */
  anchor: Box | null;
  /** The last character's box (of the last piece): the note marker's anchor. */
  end: Box | null;
}

/**
 * What a paragraph's group draws of one kind, with its own layer elements, measures and drawing:
 * the group itself holds the mentions' and triggers' pieces, `ghosts` the suggestions'. A label
 * measures and draws only the mentions' part of its paragraph; the ghosts' part is measured when
 * ghosts come or go or the paragraph's box changes, and drawn again only where a mention's chip
 * pushes a ghost's chip along.
 */
export interface Part {
  pieces: Piece[];
  back: HTMLDivElement | null;
  front: HTMLDivElement | null;
  measured: Map<string, Measured>;
  needsMeasure: boolean;
  /**
   * Every piece must be measured again (the paragraph was mounted or resized, fonts or zoom
   * changed); else only the pieces not measured yet (a label's new piece: the text and its place
   * in the paragraph did not move, and the others' boxes are kept).
   */
  measureAll: boolean;
  needsRender: boolean;
  /** What is drawn for each piece (by id), and the signature it was drawn from. */
  rendered: Map<string, Rendered>;
  /** The chips drawn (their boxes): the ghosts' chips are placed around the mentions'. */
  chips: Box[];
}

export interface Group extends Part {
  index: number;
  /** Its top moved in the last read phase: the layers are moved in the write phase. */
  moved: boolean;
  observed: HTMLElement | null;
  top: number;
  /** The suggestions' pieces, in layers of their own under the mentions' (ghosts.ts). */
  ghosts: Part;
}

/**
 * A piece's elements in the two layers; redrawn only when its signature changes. Its chip is kept
 * apart: a chip only pushed along its line (a new chip before it) is moved, not made again.
 */
export interface Rendered {
  /** What it was drawn from (draw.ts renderPart draws it again when any of these differs). */
  locale: string;
  type: string;
  note: string | undefined;
  source: string | undefined;
  score: number | undefined;
  color: string;
  selected: boolean;
  lane: number;
  /** Its boxes and end (compared by value when measured again). */
  measured: Measured;
  back: HTMLElement[];
  front: HTMLElement[];
  chip: HTMLElement | null;
  /** Where the chip is (null: none). */
  chipAt: Box | null;
}

export const CHIP_HEIGHT = 14;
export const NOTE_SIZE = 8;
export const CHIP_FONT = '600 10px "Inter", "Noto Sans", system-ui, sans-serif';
export const MAX_INSET_LANE = 4;

/** Two mentions cover the same pieces (a discontinuous mention's fragments included). */
export function sameFragments(a: EntityMention, b: EntityMention): boolean {
  const fa = a.fragments ?? [];
  const fb = b.fragments ?? [];
  return fa.length === fb.length && fa.every((f, i) => f.start === fb[i]?.start && f.end === fb[i]?.end);
}

export function px(n: number): string {
  return `${Math.round(n * 100) / 100}px`;
}

/**
 * Where a drawn box goes in its group: a group is a one-cell grid (document.css, `.ov-group`) whose
 * items all start at its origin, each moved by its margins. Not `position: absolute`: every
 * positioned box is a paint layer of its own, and Chromium's pre-paint, paint and layerization
 * walk every paint layer of the document in each frame that paints anything, so hundreds of
 * positioned highlights and chips (ghosts above all) made every frame slow (README, Performance).
 */
export function place(x: number, y: number, w: number, h?: number): string {
  return `margin-left:${px(x)};margin-top:${px(y)};width:${px(w)}${h === undefined ? '' : `;height:${px(h)}`}`;
}

/**
 * One box per run of touching boxes on a line: a range yields a box per bidi run and per text
 * fragment, and semi-transparent neighbours would show seams where they meet.
 */
export function mergeBoxes(boxes: Box[]): Box[] {
  const sorted = [...boxes].sort((a, b) => a.y - b.y || a.x - b.x);
  const out: Box[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.y - b.y) < 1 && Math.abs(last.h - b.h) < 1 && b.x <= last.x + last.w + 1) {
      const right = Math.max(last.x + last.w, b.x + b.w);
      last.w = right - last.x;
    } else {
      out.push({ ...b });
    }
  }
  return out;
}

/** Read the text rects of a part of a group whose paragraph is `el` (no writes: the caller moves and draws it after every read). */
export function measurePart(g: Part, el: HTMLElement, sheet: DOMRect, para: DOMRect, range: Range): void {
  const node = paragraphTextNode(el);
  const all = g.measureAll;
  g.measureAll = false;
  if (all) g.measured.clear();
  if (!node) return;
  const len = node.length;
  const toBox = (r: DOMRect): Box => ({ x: r.left - sheet.left, y: r.top - para.top, w: r.width, h: r.height });
  for (const p of g.pieces) {
    // only what was not measured yet, unless everything is measured again
    if (!all && g.measured.has(p.id)) continue;
    const s = Math.min(p.start16, len);
    const e = Math.min(p.end16, len);
    if (e <= s) continue;
    range.setStart(node, s);
    range.setEnd(node, e);
    const boxes = mergeBoxes([...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5).map(toBox));
    let anchor: Box | null = null;
    if (p.first) {
      const cp = node.data.codePointAt(s) ?? 0;
      range.setEnd(node, Math.min(e, s + (cp > 0xffff ? 2 : 1)));
      const first = [...range.getClientRects()].find((r) => r.width > 0.5);
      anchor = first ? toBox(first) : (boxes[0] ?? null);
    }
    let end: Box | null = null;
    // Every mention's end (not only a noted one's): a note added later needs no new measure.
    if (p.last && !p.ghost && !p.trigger) {
      const low = node.data.charCodeAt(e - 1);
      range.setStart(node, Math.max(s, e - (low >= 0xdc00 && low <= 0xdfff ? 2 : 1)));
      range.setEnd(node, e);
      const last = [...range.getClientRects()].filter((r) => r.width > 0.5).at(-1);
      end = last ? toBox(last) : (boxes.at(-1) ?? null);
    }
    g.measured.set(p.id, { boxes, anchor, end });
  }
}

function newPart(): Part {
  return { pieces: [], back: null, front: null, measured: new Map(), rendered: new Map(), needsMeasure: true, measureAll: true, needsRender: true, chips: [] };
}

/** A paragraph's group, nothing in it measured or drawn yet. */
export function newGroup(index: number): Group {
  return { ...newPart(), index, moved: false, observed: null, top: 0, ghosts: newPart() };
}

/** A part's two layer elements (behind and above the text), created when it is first drawn, at its group's top. */
export function partLayers(g: Part, index: number, top: number, backLayer: HTMLElement, frontLayer: HTMLElement): { back: HTMLDivElement; front: HTMLDivElement } {
  if (!g.back || !g.front) {
    const back = document.createElement('div');
    back.className = 'ov-group';
    back.dataset['para'] = String(index);
    const front = document.createElement('div');
    front.className = 'ov-group';
    front.dataset['para'] = String(index);
    back.style.transform = front.style.transform = `translateY(${px(top)})`;
    backLayer.append(back);
    frontLayer.append(front);
    g.back = back;
    g.front = front;
  }
  return { back: g.back, front: g.front };
}

/** Empty a part's layers (its paragraph was unmounted: measured again when it comes back). */
export function clearPart(g: Part): void {
  g.measured.clear();
  g.needsMeasure = g.measureAll = true;
  g.needsRender = true;
  g.back?.replaceChildren();
  g.front?.replaceChildren();
  g.rendered.clear();
  g.chips = [];
}

/** Remove a part's layer elements. */
export function removePart(g: Part): void {
  g.back?.remove();
  g.front?.remove();
  g.back = g.front = null;
}

/** The pieces of a mention, suggestion (`ghost`) or event trigger, one per paragraph it touches. */
export function piecesOf(
  table: ParagraphTable,
  m: Span & { id: string; type: string; fragments?: Span[]; note?: string },
  ghost?: Piece['ghost'],
  trigger = false,
): { paragraph: number; piece: Piece }[] {
  // A discontinuous mention: only its fragments are highlighted (one mention, one label chip).
  const pieces = m.fragments && m.fragments.length > 1 ? m.fragments.flatMap((f) => table.pieces(f)) : table.pieces(m);
  const dir = table.spanDirection(m);
  const cpLength = m.end - m.start;
  return pieces.map((lp, i) => ({
    paragraph: lp.paragraph,
    piece: {
      id: m.id,
      type: m.type,
      start16: lp.start16,
      end16: lp.end16,
      cpLength,
      first: i === 0,
      last: i === pieces.length - 1,
      dir,
      lane: 0,
      ...(ghost ? { ghost } : {}),
      ...(trigger ? { trigger: true as const } : {}),
      ...(m.note ? { note: m.note } : {}),
    },
  }));
}

/** A part's lanes (nested and overlapping pieces inset), its pieces in drawing order. */
export function relane(g: Part): void {
  const lanes = assignLanes(g.pieces.filter((p) => !p.trigger));
  for (const p of g.pieces) p.lane = lanes.get(p.id) ?? 0;
  g.pieces.sort(compareForLanes);
}

/** The innermost mention drawn under a point (x, y relative to the sheet), or null: never a ghost or a trigger. */
export function mentionAt(groups: Iterable<Group>, x: number, sheetY: number): string | null {
  let best: Piece | null = null;
  for (const g of groups) {
    const y = sheetY - g.top;
    for (const p of g.pieces) {
      if (p.ghost || p.trigger) continue;
      const m = g.measured.get(p.id);
      if (!m) continue;
      const hit = m.boxes.some((b) => x >= b.x && x <= b.x + b.w && y >= b.y - 2 && y <= b.y + b.h + 2);
      if (!hit) continue;
      if (!best || p.cpLength < best.cpLength || (p.cpLength === best.cpLength && p.lane > best.lane)) best = p;
    }
  }
  return best ? best.id : null;
}
