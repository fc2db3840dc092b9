/**
 * Event triggers, argument arcs and relation arcs, drawn in one SVG layer over the document sheet
 * (like the highlight overlay: the text DOM is never touched). Geometry comes from
 * Range.getClientRects() over each span's UTF-16 range in its paragraph's text node, relative to
 * the sheet, so scrolling never redraws.
 *
 * - a trigger is a dashed outline around its words (no fill in the text, no inline box);
 * - an arc goes from its trigger (or relation's first end) to a level in the gap above the lower
 *   of the two lines (above its type chips), across, and to its argument, with an arrowhead: on one
 *   line from top to top; to a line above, from the trigger's top to the argument's bottom; to a
 *   line below, from the trigger's bottom to the argument's top. Arcs in one gap are stacked on
 *   levels so that neither arcs nor their labels overlap (the shortest lowest);
 * - labels are SVG text, direction ltr: never mirrored in right-to-left text.
 */
import type { Span } from '../../../annotations/model';
import type { ParagraphTable } from '../offsets/ParagraphTable';
import { setPieceRange } from './dom';

const SVG = 'http://www.w3.org/2000/svg';
const CHIP_CLEARANCE = 16;
const LEVEL = 12;
const LABEL_FONT = '600 10.5px "Inter", "Noto Sans", system-ui, sans-serif';

export interface ArcBox {
  x: number;
  y: number;
  w: number;
  h: number;
  /** The paragraph the line is in. */
  para?: number;
}

export interface ArcTrigger {
  id: string;
  span: Span;
  label: string;
  color: string;
  selected: boolean;
  dim: boolean;
}

export interface Arc {
  /** What the arc belongs to (event or relation id). */
  owner: string;
  key: string;
  from: Span;
  to: Span;
  label: string;
  color: string;
  emphasis: 'normal' | 'strong' | 'dim' | 'preview';
}

export interface ArcScene {
  triggers: ArcTrigger[];
  arcs: Arc[];
  /** A mention outlined as the current candidate. */
  candidate: Span | null;
}

export interface ArcLayerOptions {
  sheet: HTMLElement;
  table: ParagraphTable;
  paragraphElement(index: number): HTMLElement | null;
}

let canvas: CanvasRenderingContext2D | null = null;
function labelWidth(text: string): number {
  canvas ??= document.createElement('canvas').getContext('2d');
  if (!canvas) return text.length * 6.5 + 8;
  canvas.font = LABEL_FONT;
  return Math.ceil(canvas.measureText(text).width) + 8;
}

function r2(n: number): number {
  return Math.round(n * 10) / 10;
}

export class ArcLayer {
  readonly svg: SVGSVGElement;
  private scene: ArcScene = { triggers: [], arcs: [], candidate: null };
  private frame = 0;
  private disposed = false;
  private readonly range = document.createRange();
  private readonly ro: ResizeObserver;
  /** Trigger boxes of the last draw, for hit tests (sheet coordinates). */
  private triggerBoxes = new Map<string, ArcBox[]>();
  /** Something is drawn (or the layer was never emptied). */
  private drawn = true;
  /** Paragraphs whose lines were spaced out for their arcs' levels (their own line-height). */
  private spaced = new Set<HTMLElement>();

  constructor(private readonly o: ArcLayerOptions) {
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('class', 'ev-arcs');
    this.svg.setAttribute('aria-hidden', 'true');
    o.sheet.append(this.svg);
    this.ro = new ResizeObserver(() => this.schedule());
    this.ro.observe(o.sheet);
    void document.fonts.ready.then(() => this.schedule());
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.frame);
    this.ro.disconnect();
    this.svg.remove();
    for (const el of this.spaced) el.style.removeProperty('line-height');
    this.spaced.clear();
  }

  setScene(scene: ArcScene): void {
    this.scene = scene;
    this.schedule();
  }

  schedule(): void {
    if (this.frame !== 0 || this.disposed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** The event whose trigger is under a viewport point. */
  hitTrigger(clientX: number, clientY: number): string | null {
    const sheet = this.o.sheet.getBoundingClientRect();
    const x = clientX - sheet.left;
    const y = clientY - sheet.top;
    for (const [id, boxes] of this.triggerBoxes) {
      if (boxes.some((b) => x >= b.x - 1 && x <= b.x + b.w + 1 && y >= b.y - 1 && y <= b.y + b.h + 1)) return id;
    }
    return null;
  }

  /** The boxes of a span, one per line, relative to the sheet. */
  private boxes(span: Span, sheet: DOMRect): ArcBox[] {
    const out: ArcBox[] = [];
    for (const piece of this.o.table.pieces(span)) {
      if (!setPieceRange(this.range, this.o.paragraphElement(piece.paragraph), piece) || this.range.collapsed) continue;
      for (const r of this.range.getClientRects()) {
        if (r.width < 0.5 || r.height < 0.5) continue;
        const b = { x: r.left - sheet.left, y: r.top - sheet.top, w: r.width, h: r.height, para: piece.paragraph };
        const line = out.find((o) => Math.abs(o.y - b.y) < 2);
        if (line) {
          const right = Math.max(line.x + line.w, b.x + b.w);
          line.x = Math.min(line.x, b.x);
          line.w = right - line.x;
          line.h = Math.max(line.h, b.h);
        } else out.push(b);
      }
    }
    return out.sort((a, b) => a.y - b.y);
  }

  private el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  }

  /**
   * A gap holds two levels of arcs above the chips at the usual line spacing; a paragraph whose
   * arcs need more levels (All arcs on a dense paragraph) gets the line spacing they need, so no
   * arc or label is drawn over the letters of the line above. Only that paragraph's line-height
   * changes (never the text); it depends only on where its arcs run across, not on the spacing,
   * so the next draw needs the same. True when a spacing changed (the layout moves: draw again).
   */
  private spaceLines(placed: { para: number | undefined; lineH: number; level: number }[]): boolean {
    const need = new Map<number, number>();
    for (const p of placed) {
      if (p.para === undefined) continue;
      // The label's top (the gap above the chips, its level, half its height) clears the line above.
      const px = p.lineH + CHIP_CLEARANCE + 7 + 3 + p.level * LEVEL;
      need.set(p.para, Math.max(need.get(p.para) ?? 0, px));
    }
    let changed = false;
    const now = new Set<HTMLElement>();
    for (const [para, px] of need) {
      const el = this.o.paragraphElement(para);
      if (!el) continue;
      el.style.removeProperty('line-height');
      const usual = parseFloat(getComputedStyle(el).lineHeight);
      const want = Number.isFinite(usual) && px > usual + 0.5 ? `${Math.ceil(px)}px` : '';
      const had = this.spaced.has(el) ? (el.dataset['arcLine'] ?? '') : '';
      if (want !== '') {
        el.style.lineHeight = want;
        el.dataset['arcLine'] = want;
        now.add(el);
      } else delete el.dataset['arcLine'];
      if (want !== had) changed = true;
    }
    for (const el of this.spaced) {
      if (now.has(el)) continue;
      el.style.removeProperty('line-height');
      delete el.dataset['arcLine'];
      changed = true;
    }
    this.spaced = now;
    if (changed) this.schedule();
    return changed;
  }

  private draw(): void {
    if (this.disposed) return;
    const { triggers, arcs, candidate } = this.scene;
    if (triggers.length === 0 && arcs.length === 0 && !candidate) {
      // Nothing to draw (most documents, most of the time): no layout read, so a sheet that
      // changes size on every frame of a scroll (the window's spacers) costs nothing here.
      if (this.spaced.size > 0) this.spaceLines([]);
      if (this.drawn) {
        this.drawn = false;
        this.triggerBoxes = new Map();
        this.svg.replaceChildren();
        this.svg.setAttribute('width', '0');
        this.svg.setAttribute('height', '0');
      }
      return;
    }
    this.drawn = true;
    const sheet = this.o.sheet.getBoundingClientRect();
    this.svg.setAttribute('width', String(Math.ceil(sheet.width)));
    this.svg.setAttribute('height', String(Math.ceil(sheet.height)));
    const cache = new Map<string, ArcBox[]>();
    const boxesOf = (span: Span) => {
      const key = `${span.start}:${span.end}`;
      let b = cache.get(key);
      if (!b) {
        b = this.boxes(span, sheet);
        cache.set(key, b);
      }
      return b;
    };
    const frag = document.createDocumentFragment();
    this.triggerBoxes = new Map();

    // Triggers.
    for (const t of this.scene.triggers) {
      const boxes = boxesOf(t.span);
      this.triggerBoxes.set(t.id, boxes);
      for (const b of boxes) {
        const rect = this.el('rect', {
          class: `ev-trigger${t.selected ? ' is-selected' : ''}${t.dim ? ' is-dim' : ''}`,
          x: r2(b.x - 2),
          y: r2(b.y),
          width: r2(b.w + 4),
          height: r2(b.h),
          rx: 4,
          'data-event-id': t.id,
        });
        rect.style.setProperty('--c', t.color);
        frag.append(rect);
      }
    }
    if (this.scene.candidate) {
      for (const b of boxesOf(this.scene.candidate)) {
        frag.append(this.el('rect', { class: 'ev-candidate', x: r2(b.x - 3), y: r2(b.y - 2), width: r2(b.w + 6), height: r2(b.h + 4), rx: 5 }));
      }
    }

    // Arcs: endpoints first, then levels per line.
    interface Placed {
      arc: Arc;
      x1: number;
      y1: number;
      x2: number;
      y2: number;
      /** Top of the lower of the two lines (the same line: that line). */
      lowerTop: number;
      /** That line's paragraph and height. */
      para: number | undefined;
      lineH: number;
      lo: number;
      hi: number;
      lw: number;
      level: number;
    }
    const placed: Placed[] = [];
    for (const arc of this.scene.arcs) {
      const fromBoxes = boxesOf(arc.from);
      const toBoxes = boxesOf(arc.to);
      if (fromBoxes.length === 0 || toBoxes.length === 0) continue;
      // The closest pair of lines of the two spans.
      let a = fromBoxes[0] as ArcBox;
      let b = toBoxes[0] as ArcBox;
      for (const x of fromBoxes) for (const y of toBoxes) if (Math.abs(x.y - y.y) < Math.abs(a.y - b.y)) [a, b] = [x, y];
      const x1 = a.x + a.w / 2;
      const x2 = b.x + b.w / 2;
      const lw = labelWidth(arc.label);
      const mid = (x1 + x2) / 2;
      const same = Math.abs(a.y - b.y) < 4;
      const up = !same && b.y < a.y;
      const down = !same && b.y > a.y;
      placed.push({
        arc,
        x1,
        // Same line: top to top. Target above: from the top of the start to the bottom of the end;
        // target below: from the bottom of the start to the top of the end.
        y1: down ? a.y + a.h : a.y,
        x2,
        y2: up ? b.y + b.h + 2 : b.y - 1,
        lowerTop: Math.max(a.y, b.y),
        para: (b.y > a.y ? b : a).para,
        lineH: (b.y > a.y ? b : a).h,
        lo: Math.min(x1, x2, mid - lw / 2) - 3,
        hi: Math.max(x1, x2, mid + lw / 2) + 3,
        lw,
        level: 0,
      });
    }
    // Per line gap: shortest first, each on the lowest level where it overlaps nothing.
    const lines: { top: number; arcs: Placed[] }[] = [];
    for (const p of [...placed].sort((x, y) => x.hi - x.lo - (y.hi - y.lo))) {
      let line = lines.find((l) => Math.abs(l.top - p.lowerTop) < 6);
      if (!line) {
        line = { top: p.lowerTop, arcs: [] };
        lines.push(line);
      }
      let level = 0;
      while (line.arcs.some((q) => q.level === level && p.lo < q.hi && p.hi > q.lo)) level++;
      p.level = level;
      line.arcs.push(p);
    }

    if (this.spaceLines(placed)) return;

    for (const p of placed) {
      const { arc } = p;
      const g = this.el('g', { class: `ev-arc is-${arc.emphasis}`, 'data-owner': arc.owner, 'data-arc': arc.key });
      g.style.setProperty('--c', arc.color);
      // Up from the start, across in the gap above the lower line (above its type chips), to the end.
      const gapY = p.lowerTop - CHIP_CLEARANCE - p.level * LEVEL;
      const dir = p.x2 >= p.x1 ? 1 : -1;
      const v1 = gapY < p.y1 ? -1 : 1;
      const v2 = p.y2 > gapY ? 1 : -1;
      const rr = Math.max(0, Math.min(5, Math.abs(p.x2 - p.x1) / 2, Math.abs(gapY - p.y1), Math.abs(gapY - p.y2)));
      const d = [
        `M${r2(p.x1)} ${r2(p.y1)}`,
        `V${r2(gapY - v1 * rr)}`,
        `Q${r2(p.x1)} ${r2(gapY)} ${r2(p.x1 + dir * rr)} ${r2(gapY)}`,
        `H${r2(p.x2 - dir * rr)}`,
        `Q${r2(p.x2)} ${r2(gapY)} ${r2(p.x2)} ${r2(gapY + v2 * rr)}`,
        `V${r2(p.y2)}`,
      ].join(' ');
      g.append(this.el('path', { class: 'ev-arc-line', d }));
      g.append(
        this.el('path', {
          class: 'ev-arc-head',
          d: `M${r2(p.x2 - 3.5)} ${r2(p.y2 - v2 * 6)} L${r2(p.x2 + 3.5)} ${r2(p.y2 - v2 * 6)} L${r2(p.x2)} ${r2(p.y2)} Z`,
        }),
      );
      const lx = (p.x1 + p.x2) / 2;
      g.append(this.el('rect', { class: 'ev-arc-label-bg', x: r2(lx - p.lw / 2), y: r2(gapY - 7), width: p.lw, height: 14, rx: 3 }));
      const text = this.el('text', { class: 'ev-arc-label', x: r2(lx), y: r2(gapY + 3.5), 'text-anchor': 'middle', direction: 'ltr' });
      text.textContent = arc.label;
      g.append(text);
      frag.append(g);
    }
    this.svg.replaceChildren(frag);
  }
}
