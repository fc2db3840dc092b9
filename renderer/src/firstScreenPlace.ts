/**
 * Where the editor shows a document, kept for the next start's first screen (firstScreen.ts reads
 * it, in the entry chunk; this part runs with the editor, WindowingPlugin, so it is the window's
 * code, not the entry's).
 */
import { FIRST_SCREEN_KEY, lineStarts, type Box, type Place, type Row } from './firstScreen';

/**
 * The editor shows document `docId` in `scroller` (.doc-scroll) on `sheet` (.doc-sheet): keep
 * where, for the next start of this window in `locale` (at this size, or another: viewIn), with
 * the rows above the view as they were in the frame the editor's text was first painted
 * (`rows`, rowsAbove then: later, the panels' and the title's content may have changed).
 */
export function rememberFirstScreen(scroller: HTMLElement, sheet: HTMLElement, locale: string, docId: string, rows: RowsAt | null): void {
  const v = scroller.getBoundingClientRect();
  const s = sheet.getBoundingClientRect();
  if (v.width === 0 || v.height === 0 || s.width === 0) return;
  const root = document.documentElement;
  // The visible box: the border box less its borders and scroll bar (on the left when the view is right to left).
  const bar = Math.max(0, scroller.offsetWidth - scroller.clientWidth - scroller.clientLeft * 2);
  const left = getComputedStyle(scroller).direction === 'rtl' ? bar : 0;
  const view: Box = { x: v.left + scroller.clientLeft + left, y: v.top + scroller.clientTop, w: scroller.clientWidth, h: scroller.clientHeight };
  const scrolls = scroller.scrollHeight > scroller.clientHeight + 1;
  const place: Place = {
    v: 1,
    width: window.innerWidth,
    height: window.innerHeight,
    ratio: window.devicePixelRatio,
    locale,
    view,
    sheet: { x: s.left - view.x, y: s.top - view.y + scroller.scrollTop, w: s.width, h: 0 },
    style: root.getAttribute('style'),
    // A view that does not scroll (a short document) has no scroll bar and may get one at another
    // size, or the other way round: only at this size then.
    // Rows read at another window width (resized since) say nothing of this one's.
    ...(scrolls && rows && rows.width === window.innerWidth ? { rows: rows.rows } : {}),
    doc: docId,
  };
  try {
    window.localStorage.setItem(FIRST_SCREEN_KEY, JSON.stringify(place));
  } catch {
    // storage unavailable: the next start paints with the editor
  }
}

/** An element's margin on one side in px as computed (0 when auto: getComputedStyle would give the space it took). */
function margin(el: HTMLElement, side: 'margin-left' | 'margin-right'): number {
  const v = el.computedStyleMap().get(side);
  return v instanceof CSSUnitValue && v.unit === 'px' ? v.value : 0;
}

/** The rows above the view (rowsAbove) and the window width they were read at. */
export interface RowsAt {
  rows: Row[];
  width: number;
}

/**
 * The rows above `el` (previous siblings of it and of its ancestors) whose height depends on the
 * width: flex rows that wrap their items. Null when one is not laid out as lineStarts says (an
 * item grown or shrunk, another line count than read): then only the same size is known.
 */
export function rowsAbove(el: HTMLElement): RowsAt | null {
  const rows: Row[] = [];
  for (let a: Element | null = el; a && a !== document.body; a = a.parentElement) {
    for (let row = a.previousElementSibling; row; row = row.previousElementSibling) {
      const style = getComputedStyle(row);
      if (!style.display.includes('flex') || style.flexWrap === 'nowrap' || style.flexDirection.startsWith('column') || !(row instanceof HTMLElement)) continue;
      const items = [...row.children].filter((c): c is HTMLElement => c instanceof HTMLElement && c.offsetParent !== null && !['absolute', 'fixed'].includes(getComputedStyle(c).position));
      // An item that grows takes another width at another row width.
      if (items.some((c) => parseFloat(getComputedStyle(c).flexGrow) > 0)) return null;
      const boxes = items.map((c) => c.getBoundingClientRect());
      // With their margins as specified: an auto margin takes the line's free space, none of its own.
      const widths = items.map((c, i) => boxes[i]!.width + margin(c, 'margin-left') + margin(c, 'margin-right'));
      const gap = parseFloat(style.columnGap) || 0;
      const width = row.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0);
      // The lines as laid out: an item starts one when it is below the line before it.
      const seen: number[] = [];
      let bottom = -Infinity;
      boxes.forEach((b, i) => {
        if (i === 0 || b.top >= bottom - 0.5) {
          seen.push(i);
          bottom = b.bottom;
        } else bottom = Math.max(bottom, b.bottom);
      });
      const expected = lineStarts(widths, gap, width);
      if (expected.length !== seen.length || expected.some((x, i) => x !== seen[i])) return null;
      rows.push({ items: widths, gap, width });
    }
  }
  return { rows, width: window.innerWidth };
}

