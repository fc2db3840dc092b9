/**
 * The DOM side of a paragraph piece (LocalPiece: a paragraph and UTF-16 offsets in its text),
 * shared by the overlay, the arcs, find and the review columns: every paragraph element holds its
 * text in one text node, inside `[data-lexical-text]` (Lexical's span, or the review column's).
 */

/** The text node of a paragraph element, or null (an empty paragraph, or not mounted). */
export function paragraphTextNode(el: Element | null | undefined): Text | null {
  const node = el?.querySelector('[data-lexical-text]')?.firstChild ?? null;
  return node instanceof Text ? node : null;
}

/**
 * Point `range` at [start16, end16) of a paragraph's text (clamped to it); false when the
 * paragraph has no text node.
 */
export function setPieceRange(range: Range, el: Element | null | undefined, piece: { start16: number; end16: number }): boolean {
  const node = paragraphTextNode(el);
  if (!node) return false;
  range.setStart(node, Math.min(piece.start16, node.length));
  range.setEnd(node, Math.min(piece.end16, node.length));
  return true;
}

/**
 * Scroll `scroller` so that `rect` sits a third of the way down, when it is outside the view or
 * closer to its top or bottom edge than the margins (px).
 */
export function scrollIntoViewIfHidden(scroller: HTMLElement, rect: DOMRect, margins: { top: number; bottom: number } = { top: 48, bottom: 48 }): void {
  const view = scroller.getBoundingClientRect();
  if (rect.top < view.top + margins.top || rect.bottom > view.bottom - margins.bottom) scroller.scrollTop += rect.top - view.top - view.height / 3;
}
