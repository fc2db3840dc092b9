/**
 * One annotation set of the document, read-only: the text (one block per paragraph, one text node
 * each, never an inline element inside) with the set's highlights drawn by the editor's own
 * OverlayController beside it. Event triggers are drawn like mentions, with the event's type.
 */
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import type { EntityMention, Schema } from '../../../annotations/model';
import type { DocumentInfo } from '../../../annotations/model';
import type { ReviewSetView } from '../contract';
import { setPieceRange } from '../overlay/dom';
import { OverlayController } from '../overlay/OverlayController';
import type { ParagraphTable } from '../offsets/ParagraphTable';
import { useT } from '../i18n';

export interface ReviewColumnHandle {
  /**
   * Show the disagreement [start, end): outline `id` (this set's mention or event there, or null
   * when the set has none), mark the extent, and scroll it to the same height in every column.
   */
  focus(id: string | null, span: { start: number; end: number }): void;
}

interface Ghost {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Props {
  view: DocumentInfo;
  table: ParagraphTable;
  schema: Schema | null;
  set: ReviewSetView;
  /** Column heading, e.g. "1 · noa". */
  title: string;
  /** Extra text for a hovered annotation (the gold column's provenance). */
  describe?: (id: string) => string | null;
  gold?: boolean;
}

const EVENT_COLOR = '#c7b6e6';

function sameBoxes(a: readonly Ghost[], b: readonly Ghost[]): boolean {
  return a.length === b.length && a.every((x, i) => {
    const y = b[i] as Ghost;
    return Math.abs(x.x - y.x) < 0.5 && Math.abs(x.y - y.y) < 0.5 && Math.abs(x.w - y.w) < 0.5 && Math.abs(x.h - y.h) < 0.5;
  });
}

/** The set's mentions and event triggers, as the overlay draws them. */
function drawable(set: ReviewSetView): Map<string, EntityMention> {
  const out = new Map<string, EntityMention>();
  for (const m of set.mentions) out.set(m.id, m);
  for (const e of set.events) {
    out.set(e.id, {
      id: e.id,
      docId: e.docId,
      type: e.type,
      start: e.triggerStart,
      end: e.triggerEnd,
      annotator: e.annotator,
      origin: e.origin,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
  return out;
}

export const ReviewColumn = forwardRef<ReviewColumnHandle, Props>(function ReviewColumn(
  { view, table, schema, set, title, describe, gold },
  ref,
) {
  const tr = useT();
  const scroller = useRef<HTMLDivElement>(null);
  const sheet = useRef<HTMLDivElement>(null);
  const back = useRef<HTMLDivElement>(null);
  const front = useRef<HTMLDivElement>(null);
  const text = useRef<HTMLDivElement>(null);
  const [controller, setController] = useState<OverlayController | null>(null);
  /** What the screen asked to focus: applied again when the controller or the set changes. */
  const wanted = useRef<{ id: string | null; span: { start: number; end: number } } | null>(null);
  const [hoverTitle, setHoverTitle] = useState<string | undefined>(undefined);
  const [ghosts, setGhosts] = useState<{ boxes: Ghost[]; missing: boolean }>({ boxes: [], missing: false });
  const mentions = useMemo(() => drawable(set), [set]);
  const paragraphs = useMemo(() => table.rows.map((row, i) => ({ index: i, row, text: table.paragraphText(i) })), [table]);

  useEffect(() => {
    if (!scroller.current || !sheet.current || !back.current || !front.current) return;
    const root = text.current;
    const scrollEl = scroller.current;
    // Highlights are measured only for paragraphs near the view (a long document has thousands,
    // and each column would measure every mention): an IntersectionObserver keeps the range of
    // paragraphs within a screen of the viewport; it only grows while the column is shown.
    let range = { first: 0, end: Math.min(table.paragraphCount, 40) };
    const created = new OverlayController({
      scroller: scrollEl,
      sheet: sheet.current,
      back: back.current,
      front: front.current,
      table,
      paragraphElement: (index) => root?.querySelector<HTMLElement>(`:scope > [data-para="${index}"]`) ?? null,
      rootElement: () => root,
      mountedRange: () => range,
      onChipClick: (id) => created.setSelected(id),
    });
    const near = new Set<number>();
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const index = Number((e.target as HTMLElement).dataset['para']);
          if (e.isIntersecting) near.add(index);
          else near.delete(index);
        }
        if (near.size === 0) return;
        let first = Infinity;
        let end = 0;
        for (const i of near) {
          first = Math.min(first, i);
          end = Math.max(end, i + 1);
        }
        range = { first, end };
        created.reattach();
      },
      { root: scrollEl, rootMargin: '100% 0px' },
    );
    if (root) for (const p of root.children) io.observe(p);
    setController(created);
    return () => {
      io.disconnect();
      created.dispose();
      setController(null);
    };
  }, [table]);

  useEffect(() => {
    if (!controller) return;
    const withEvents: Schema | null = schema
      ? { ...schema, entityTypes: [...schema.entityTypes, ...schema.eventTypes.map((t) => ({ name: t.name, color: EVENT_COLOR, hotkey: null }))] }
      : null;
    controller.setSchema(withEvents);
  }, [controller, schema]);

  /**
   * Outline the wanted annotation (or mark its extent) and, with `scroll`, scroll it into view;
   * true when it scrolled. Paragraphs out of view are laid out at an estimated height until they
   * come into view, so a long jump is checked again once they have been (settle below).
   */
  const place = useCallback((scroll: boolean): boolean => {
    const w = wanted.current;
    if (!controller || !w) return false;
    const { id, span } = w;
    const has = id !== null && mentions.has(id);
    controller.setSelected(has ? id : null);
    const sheetEl = sheet.current;
    const s = scroller.current;
    if (!sheetEl || !s) return false;
    const boxes: Ghost[] = [];
    const origin = sheetEl.getBoundingClientRect();
    const range = document.createRange();
    for (const piece of table.pieces(span)) {
      if (!setPieceRange(range, text.current?.querySelector(`:scope > [data-para="${piece.paragraph}"]`), piece)) continue;
      for (const r of range.getClientRects()) {
        if (r.width > 0.5) boxes.push({ x: r.left - origin.left - 3, y: r.top - origin.top - 1, w: r.width + 6, h: r.height + 2 });
      }
    }
    // A set with an annotation there shows it outlined; one without gets the extent marked.
    setGhosts((g) => (g.missing === !has && sameBoxes(g.boxes, has ? [] : boxes) ? g : { boxes: has ? [] : boxes, missing: !has }));
    const first = boxes[0];
    if (!first || !scroll) return false;
    // The same height in every column (the columns lay the same text out alike).
    const top = origin.top + first.y - s.getBoundingClientRect().top;
    if (top >= s.clientHeight * 0.15 && top <= s.clientHeight * 0.75) return false;
    s.scrollTop += top - s.clientHeight / 3;
    return true;
  }, [controller, mentions, table]);

  /**
   * Place and scroll, then check again each frame while the paragraphs that came into view take
   * their real heights (they had estimated ones): until it stays put for three frames.
   */
  const frame = useRef(0);
  const apply = useCallback(() => {
    cancelAnimationFrame(frame.current);
    let frames = 0;
    let still = 0;
    const again = () => {
      still = place(true) ? 0 : still + 1;
      if (still < 3 && ++frames < 30) frame.current = requestAnimationFrame(again);
    };
    again();
  }, [place]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // The ghosts follow the text when paragraphs above them are laid out (scrolling up); just after
  // a jump, a late relayout scrolls to the target again.
  const focusedAt = useRef(0);
  useEffect(() => {
    const root = text.current;
    if (!root) return;
    const ro = new ResizeObserver(() => {
      if (performance.now() - focusedAt.current < 1000) place(true);
      else place(false);
    });
    ro.observe(root);
    return () => ro.disconnect();
  }, [place]);

  useEffect(() => {
    if (!controller) return;
    controller.setMentions(mentions);
    const id = wanted.current?.id ?? null;
    controller.setSelected(id !== null && mentions.has(id) ? id : null);
    // A focus asked before the column was ready (or before this set arrived) is applied now.
    apply();
    controller.flush();
  }, [controller, mentions, apply]);

  useImperativeHandle(
    ref,
    () => ({
      focus(id, span) {
        wanted.current = { id, span };
        focusedAt.current = performance.now();
        apply();
      },
    }),
    [apply],
  );

  const onMove = (e: React.MouseEvent) => {
    if (!controller || !describe) return;
    const id = controller.hitTest(e.clientX, e.clientY);
    const next = id ? (describe(id) ?? undefined) : undefined;
    if (next !== hoverTitle) setHoverTitle(next);
  };

  const lang = view.lang === 'other' ? undefined : view.lang;
  return (
    <section className={`review-col${gold ? ' is-gold' : ''}`} data-set={set.annotator} aria-label={title}>
      <header className="review-col-head">
        <span className="review-col-title">{title}</span>
        <span className="review-col-count">
          {tr('review.col.count', { mentions: set.mentions.length, events: set.events.length })}
        </span>
      </header>
      <div className="doc-scroll review-scroll" ref={scroller}>
        <div className="doc-sheet review-sheet" ref={sheet} lang={lang} dir={view.dir}>
          <div className="ov-layer ov-back" ref={back} aria-hidden="true" />
          <div className="review-ghosts" aria-hidden="true">
            {ghosts.boxes.map((g, i) => (
              <div key={i} className={`review-ghost${gold ? ' is-gold' : ''}`} style={{ left: g.x, top: g.y, width: g.w, height: g.h }} />
            ))}
          </div>
          <div className="doc-text review-text" ref={text} data-review-set={set.annotator} title={hoverTitle} onMouseMove={onMove}>
            {paragraphs.map(({ index, row, text: t }) => (
              <p
                key={index}
                className="q-para"
                data-para={index}
                dir={row.dir}
                lang={row.lang === 'he' || row.lang === 'ar' ? row.lang : undefined}
              >
                {t === '' ? <br /> : <span data-lexical-text="true">{t}</span>}
              </p>
            ))}
          </div>
          <div className="ov-layer ov-front" aria-hidden="true" ref={front} />
        </div>
      </div>
    </section>
  );
});
