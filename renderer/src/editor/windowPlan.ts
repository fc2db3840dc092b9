/**
 * The window's arithmetic, apart from the DOM (windowing.ts holds the DocumentWindow that applies
 * it to the editor and the scroller): which paragraphs a viewport wants mounted (planWindow), the
 * paragraphs' vertical offsets from their measured or estimated heights, whether a frame's scroll
 * is fast and which paragraphs a fast scroll shows as plain text. Pure: unit-tested in
 * windowing.test.ts.
 */
import { upperBound } from '../../../annotations/text';

/** Extra paragraphs mounted beyond the viewport, in viewport heights, each way. */
export const MARGIN_SCREENS = 1;
/** Never fewer than this many paragraphs mounted. */
export const MIN_PARAGRAPHS = 12;
/** Plain paragraphs cover the viewport plus this many viewport heights each way. */
export const PLAIN_MARGIN_SCREENS = 0.25;
/** A frame that moves the viewport more than this many viewport heights is a fast scroll (plain paragraphs). */
export const FAST_SCREENS = 0.5;

/**
 * Whether a frame's scroll is fast: the viewport moved more than FAST_SCREENS of its height since
 * the last frame, and no drag selection is under way (its anchor must stay mounted and the window
 * follow its focus).
 */
export function scrollIsFast(p: { moved: number; screen: number; dragSelecting: boolean }): boolean {
  return !p.dragSelecting && p.moved > p.screen * FAST_SCREENS;
}

/** The paragraphs a fast scroll shows as plain text, above and below the mounted window: [from, to) each, or null. */
export interface PlainRanges {
  above: [number, number] | null;
  below: [number, number] | null;
}

/**
 * What a fast scroll shows as plain paragraphs: those of the viewport (plus PLAIN_MARGIN_SCREENS
 * each way) that are not mounted, split by the window [first, end) into the part above it (in
 * the top spacer) and the part below it (in the bottom spacer).
 */
export function plainRanges(p: { offsets: Float64Array; top: number; bottom: number; screen: number; first: number; end: number }): PlainRanges {
  const n = p.offsets.length - 1;
  if (n <= 0) return { above: null, below: null };
  const margin = p.screen * PLAIN_MARGIN_SCREENS;
  const a = indexAt(p.offsets, p.top - margin);
  const b = Math.min(n, indexAt(p.offsets, p.bottom + margin) + 1);
  const aboveEnd = Math.min(b, p.first);
  const belowStart = Math.max(a, p.end);
  return {
    above: a < aboveEnd ? [a, aboveEnd] : null,
    below: belowStart < b ? [belowStart, b] : null,
  };
}

/**
 * A window within the paragraphs whose text has arrived ([0, loaded): a paged text's first pages;
 * the viewport beyond them shows the spacer until they come): at most the planned window, at
 * least MIN_PARAGRAPHS (or all loaded ones) just before `loaded` when the plan lies past it.
 */
export function clampToLoaded(w: { first: number; end: number }, loaded: number): { first: number; end: number } {
  if (w.end <= loaded) return w;
  const end = Math.max(1, loaded);
  const first = Math.max(0, Math.min(w.first, end - MIN_PARAGRAPHS));
  return { first, end };
}

/** The height of a paragraph of `length16` UTF-16 units never measured: one empty paragraph plus a line per `charsPerLine`. */
export function estimateHeight(length16: number, m: { emptyHeight: number; lineHeight: number; charsPerLine: number }): number {
  if (length16 === 0) return m.emptyHeight;
  const lines = Math.max(1, Math.ceil(length16 / m.charsPerLine));
  return m.emptyHeight + (lines - 1) * m.lineHeight;
}

/** Prefix sums of the heights: `offsets[i]` is the top of paragraph i, `offsets[n]` the total. */
export function fillOffsets(offsets: Float64Array, heightOf: (index: number) => number): void {
  offsets[0] = 0;
  for (let i = 0; i + 1 < offsets.length; i++) offsets[i + 1] = (offsets[i] as number) + heightOf(i);
}

/** The paragraph whose slot holds y (clamped to the first and the last). */
export function indexAt(offsets: Float64Array, y: number): number {
  return Math.max(0, upperBound(offsets, y, offsets.length - 1) - 1);
}

export interface WindowPlanInput {
  /** Prefix heights (fillOffsets), n + 1 entries. */
  offsets: Float64Array;
  /** The viewport in text coordinates. */
  top: number;
  bottom: number;
  /** The viewport's height (at least 200). */
  screen: number;
  /** The window mounted now, [first, end). */
  first: number;
  end: number;
  /** Paragraphs of the DOM selection: always mounted. */
  selection: readonly number[];
  /** A revealed paragraph, kept mounted while it is near the viewport. */
  pinned: number | null;
  /** Move even when the window still covers the viewport. */
  force: boolean;
}

/**
 * Where the window goes: null when the mounted one still covers the viewport (plus a quarter
 * screen each way, and the selection) and is not far too big; else the viewport plus a screen
 * each way, at least MIN_PARAGRAPHS, always with the selection's and the pinned paragraph.
 * `pinned` is what stays pinned (dropped once it left the viewport).
 */
export function planWindow(p: WindowPlanInput): { window: { first: number; end: number } | null; pinned: number | null } {
  const n = p.offsets.length - 1;
  const margin = p.screen * MARGIN_SCREENS;
  let needFirst = indexAt(p.offsets, p.top - p.screen * 0.25);
  let needEnd = indexAt(p.offsets, p.bottom + p.screen * 0.25) + 1;
  let wantFirst = indexAt(p.offsets, p.top - margin);
  let wantEnd = Math.min(n, indexAt(p.offsets, p.bottom + margin) + 1);
  while (wantEnd - wantFirst < Math.min(MIN_PARAGRAPHS, n)) {
    if (wantEnd < n) wantEnd++;
    else wantFirst--;
  }
  const pinned = p.pinned !== null && (p.pinned < needFirst || p.pinned >= needEnd) ? null : p.pinned;
  for (const k of [...p.selection, ...(pinned === null ? [] : [pinned])]) {
    needFirst = Math.min(needFirst, k);
    needEnd = Math.max(needEnd, k + 1);
    wantFirst = Math.min(wantFirst, k);
    wantEnd = Math.max(wantEnd, k + 1);
  }
  const covers = p.first <= needFirst && p.end >= needEnd;
  const tooBig = p.end - p.first > (wantEnd - wantFirst) * 2 + 20;
  if ((!p.force && covers && !tooBig) || (p.first === wantFirst && p.end === wantEnd)) return { window: null, pinned };
  return { window: { first: wantFirst, end: wantEnd }, pinned };
}
