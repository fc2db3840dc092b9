/**
 * Event triggers, argument arcs and relation arcs, drawn in one SVG layer over the document sheet
 * (like the highlight overlay: the text DOM is never touched). Geometry comes from
 * Range.getClientRects() over each span's UTF-16 range in its paragraph's text node, relative to
 * the sheet, so scrolling never redraws.
 *
 * - a trigger is a dashed outline around its words (no fill in the text, no inline box);
 * - an arc goes from the top of its trigger (or relation's first end) up to a level above the
 *   line's type chips, across, and down to the top of its argument, with an arrowhead; arcs on a
 *   line are stacked on levels so that neither arcs nor their labels overlap (the shortest
 *   lowest), and an arc between two lines is a curve;
 * - labels are SVG text, direction ltr: never mirrored in right-to-left text.
 */
import type { Span } from '../../../annotations/model';
import type { ParagraphTable } from '../offsets/ParagraphTable';

const SVG = 'http://www.w3.org/2000/svg';
const CHIP_CLEARANCE = 16;
const LEVEL = 12;
const LABEL_FONT = '600 10.5px "Inter", "Noto Sans", system-ui, sans-serif';

export interface ArcBox {
  x: number;
  y: number;
  w: number;
  h: number;
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
      const el = this.o.paragraphElement(piece.paragraph);
      const node = el?.querySelector('[data-lexical-text="true"]')?.firstChild;
      if (!(node instanceof Text)) continue;
      const s = Math.min(piece.start16, node.length);
      const e = Math.min(piece.end16, node.length);
      if (e <= s) continue;
      this.range.setStart(node, s);
      this.range.setEnd(node, e);
      for (const r of this.range.getClientRects()) {
        if (r.width < 0.5 || r.height < 0.5) continue;
        const b = { x: r.left - sheet.left, y: r.top - sheet.top, w: r.width, h: r.height };
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

  private draw(): void {
    if (this.disposed) return;
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
      same: boolean;
      lo: number;
      hi: number;
      lw: number;
      level: number;
    }
    const placed: Placed[] = [];
    for (const arc of this.scene.arcs) {
      const a = boxesOf(arc.from)[0];
      const b = boxesOf(arc.to)[0];
      if (!a || !b) continue;
      const x1 = a.x + a.w / 2;
      const x2 = b.x + b.w / 2;
      const lw = labelWidth(arc.label);
      const same = Math.abs(a.y - b.y) < 4;
      const mid = (x1 + x2) / 2;
      placed.push({
        arc,
        x1,
        y1: a.y,
        x2,
        y2: b.y,
        same,
        lo: Math.min(x1, x2, mid - lw / 2) - 3,
        hi: Math.max(x1, x2, mid + lw / 2) + 3,
        lw,
        level: 0,
      });
    }
    // Same-line arcs: shortest first, each on the lowest level where it overlaps nothing on its line.
    const byLine = new Map<number, Placed[]>();
    for (const p of placed.filter((q) => q.same).sort((x, y) => x.hi - x.lo - (y.hi - y.lo))) {
      const lineKey = Math.round(p.y1 / 4);
      const line = byLine.get(lineKey) ?? [];
      let level = 0;
      while (line.some((q) => q.level === level && p.lo < q.hi && p.hi > q.lo)) level++;
      p.level = level;
      line.push(p);
      byLine.set(lineKey, line);
    }

    for (const p of placed) {
      const { arc } = p;
      const g = this.el('g', { class: `ev-arc is-${arc.emphasis}`, 'data-owner': arc.owner, 'data-arc': arc.key });
      g.style.setProperty('--c', arc.color);
      let d: string;
      let lx: number;
      let ly: number;
      if (p.same) {
        const top = Math.min(p.y1, p.y2) - CHIP_CLEARANCE - p.level * LEVEL;
        const r = 5;
        const dir = p.x2 >= p.x1 ? 1 : -1;
        const span = Math.abs(p.x2 - p.x1);
        const rr = Math.min(r, span / 2);
        d = [
          `M${r2(p.x1)} ${r2(p.y1)}`,
          `V${r2(top + rr)}`,
          `Q${r2(p.x1)} ${r2(top)} ${r2(p.x1 + dir * rr)} ${r2(top)}`,
          `H${r2(p.x2 - dir * rr)}`,
          `Q${r2(p.x2)} ${r2(top)} ${r2(p.x2)} ${r2(top + rr)}`,
          `V${r2(p.y2 - 1)}`,
        ].join(' ');
        lx = (p.x1 + p.x2) / 2;
        ly = top;
      } else {
        const lift = CHIP_CLEARANCE + 22;
        const c1 = p.y1 - lift;
        const c2 = p.y2 - lift;
        d = `M${r2(p.x1)} ${r2(p.y1)} C${r2(p.x1)} ${r2(c1)} ${r2(p.x2)} ${r2(c2)} ${r2(p.x2)} ${r2(p.y2 - 1)}`;
        lx = 0.5 * p.x1 + 0.5 * p.x2;
        ly = 0.125 * p.y1 + 0.375 * c1 + 0.375 * c2 + 0.125 * p.y2;
      }
      g.append(this.el('path', { class: 'ev-arc-line', d }));
      g.append(
        this.el('path', {
          class: 'ev-arc-head',
          d: `M${r2(p.x2 - 3.5)} ${r2(p.y2 - 7)} L${r2(p.x2 + 3.5)} ${r2(p.y2 - 7)} L${r2(p.x2)} ${r2(p.y2 - 1)} Z`,
        }),
      );
      g.append(this.el('rect', { class: 'ev-arc-label-bg', x: r2(lx - p.lw / 2), y: r2(ly - 7), width: p.lw, height: 14, rx: 3 }));
      const text = this.el('text', { class: 'ev-arc-label', x: r2(lx), y: r2(ly + 3.5), 'text-anchor': 'middle', direction: 'ltr' });
      text.textContent = arc.label;
      g.append(text);
      frag.append(g);
    }
    this.svg.replaceChildren(frag);
  }
}
