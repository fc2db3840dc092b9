/**
 * The first screen of text, painted by the entry module before React and Lexical are in
 * (issue 15: the start's document painted ≤ 0.4 s). It is the real text of the document the
 * window is about to open, at the place the editor will show it, in the same fonts and widths,
 * so nothing moves when the editor takes over:
 *
 * - where the text goes is what the editor showed last time in this window (`rememberFirstScreen` in
 *   firstScreenPlace.ts, called when the editor paints a document's text and when the page is hidden): the document
 *   view's box, for this interface language and pixel ratio, with the reading settings (<html>'s
 *   variables: text size, line spacing, fonts) as they were; the sheet is placed in it by the
 *   stylesheet (the view's padding, the sheet's width and centring), as in the editor;
 * - at another window size the view is as much wider or taller as the window, at the same corner
 *   (the panels beside it have fixed widths, the rows above and below it fixed heights), when the
 *   rows above it that wrap (the document's title row, as it was in the frame the editor's text
 *   was first painted) break into the same lines at the new width (`lineStarts`), and the
 *   document scrolled (a short one may gain or lose its scroll bar);
 * - else (a newcomer's first start, nothing kept for this size, language or document) it is laid
 *   out by the browser in a hidden copy of the shell's frame built from the shell's own classes
 *   (layOutFrame: the view gets the editor's widths, and at usual window sizes its top), moved
 *   onto the editor's view in the shell's first frame when that guess was off (alignFirstScreen);
 *   only with the stylesheet's reading settings (a project's own come with the window's code);
 * - it is painted only for the document the start opens (the one the entry already asked for),
 *   and the place's own document, from its top (a project that remembers a scroll position
 *   restores it: no first screen then), and only in the language the place was remembered in;
 * - it is a layer over the document view (`#first-screen`, aria-hidden, pointer events pass
 *   through to the window beneath), holding only the paragraphs that fill that view; the editor
 *   removes it in the frame its own text is laid out (`dropFirstScreen`, WindowingPlugin), and
 *   the document session at the latest when the open ended without an editor (failed, or another
 *   screen is up).
 *
 * - its highlights are the set's mentions that start in the first text page (the start's
 *   `mentions.page`, read with the text), painted as backgrounds of the letters they cover, in
 *   their type's colour as the overlay draws them (no padding, no border: the lines break as
 *   without them, Arabic letters stay joined across them); a mention's fragments only, when it
 *   has some. They come from the service's answers at this start, never from anything kept: a
 *   document changed since the last start shows its marks as they are now.
 *
 * `qalam:text-painted` marks the frame the text is first painted in (this layer's, else the
 * editor's); `qalam:first-highlights` the frame this layer shows its highlights in (with the text
 * when they came with it); `qalam:open-ready` still marks the editor's highlights drawn
 * (WindowingPlugin). No React, no state: this module is part of the entry chunk.
 */
import type { Direction, Lang, Span } from '../../annotations/model';
import type { DocumentLayout, TextPage } from '../../annotations/textPages';
import type { MentionPage } from '../../annotations/mentionPages';
import { detectLang } from '../../annotations/direction';

/** The frame the start's text is first painted in (the benchmark measures navigation → its paint). */
export const TEXT_MARK = 'qalam:text-painted';
/** The frame the first screen shows its highlights in (the benchmark's "painted with its highlights"). */
export const HIGHLIGHTS_MARK = 'qalam:first-highlights';
/** A highlight without its type's colour (OverlayController's). */
const NO_COLOR = '#9aa0a6';
/** Where the editor showed a document last time in this window (Place, JSON). */
export const FIRST_SCREEN_KEY = 'qalam.firstScreen';
const LAYER_ID = 'first-screen';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A flex row that wraps its items: their widths, the gap between them, its inner width. */
export interface Row {
  items: number[];
  gap: number;
  width: number;
}

/** Where a wrapping flex row of these items breaks its lines at `width`: the index each line starts at. */
export function lineStarts(items: readonly number[], gap: number, width: number): number[] {
  const starts: number[] = [];
  let used = 0;
  items.forEach((w, i) => {
    if (i === 0 || used + gap + w > width + 0.5) {
      starts.push(i);
      used = w;
    } else used += gap + w;
  });
  return starts;
}

/** What the first screen needs to be painted where the editor will be. */
export interface Place {
  v: 1;
  /** The window's size and the interface language it was remembered in. */
  width: number;
  height: number;
  ratio: number;
  locale: string;
  /** The document view's visible box (.doc-scroll without its borders and scroll bar), in the window. */
  view: Box;
  /** The sheet's box (.doc-sheet) relative to the view, scrolled to the top (kept for older entries; the sheet is placed by the stylesheet). */
  sheet: Box;
  /** <html>'s style attribute: the reading settings' variables (text size, line spacing, fonts). */
  style: string | null;
  /**
   * The rows above the view whose height depends on the width (flex rows that wrap their items,
   * as the document's title row): each item's width (margins in), the gap between items and the
   * row's inner width, so that a start at another width can tell whether they would break into
   * the same lines (viewIn). Absent (older entries, or a row laid out otherwise than read): only
   * the same size. Also absent when the view did not scroll (a short document has no scroll bar
   * and may get one at another size, or the other way round).
   */
  rows?: Row[];
  /** The document shown (its title is the row above the view): another one's first screen is not painted here. */
  doc?: string;
}

/**
 * Where the view is in this window, from `place` remembered at another (or the same) size: the
 * panels beside the view have fixed widths and the rows above and below it fixed heights, so a
 * window wider or taller by d gives a view wider or taller by d at the same top-left corner. Null
 * when that does not hold: another interface language or pixel ratio, or a width at which a
 * row above the view (the title's) would break its items into other lines.
 */
function viewIn(place: Place | null, locale: string): Box | null {
  if (place === null || place.ratio !== window.devicePixelRatio || place.locale !== locale) return null;
  const dw = window.innerWidth - place.width;
  const dh = window.innerHeight - place.height;
  if (dw !== 0 || dh !== 0) {
    if (!place.rows) return null;
    const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!place.rows.every((r) => same(lineStarts(r.items, r.gap, r.width), lineStarts(r.items, r.gap, r.width + dw)))) return null;
  }
  const view = { x: place.view.x, y: place.view.y, w: place.view.w + dw, h: place.view.h + dh };
  return view.w > 0 && view.h > 0 ? view : null;
}

/** Settled once the start's first screen is painted (after that frame) or will not be: DocumentSession.load waits for it. */
let settled: Promise<void> = Promise.resolve();
let settle: (() => void) | null = null;

function settleNow(): void {
  settle?.();
  settle = null;
}

/**
 * A first screen is to come (placed where this window remembers the editor's view, else laid out
 * by the browser in the shell's frame: paintFirstScreen): the window's code and the first
 * document's open wait (firstScreenSettled) until it is painted or given up (settleFirstScreen).
 */
export function expectFirstScreen(): void {
  settled = new Promise((resolve) => (settle = resolve));
}

/** No first screen will be painted after all (the start opens another document, a call failed). */
export function settleFirstScreen(): void {
  settleNow();
}

/**
 * Resolved once the start's first screen has been painted with its highlights (after that frame),
 * 250 ms after its text at the latest, or once it will not be: the editor's document is set after
 * it, so the first screen's frames are never held behind React's render of the editor.
 */
export function firstScreenSettled(): Promise<void> {
  return settled;
}

function readPlace(): Place | null {
  try {
    const raw = window.localStorage.getItem(FIRST_SCREEN_KEY);
    if (!raw) return null;
    const p = JSON.parse(raw) as Partial<Place>;
    return p.v === 1 && p.view && p.sheet ? (p as Place) : null;
  } catch {
    return null;
  }
}

/** A paragraph of the first screen: its text, direction and code point offset in the document. */
export interface ScreenParagraph {
  text: string;
  dir: Direction;
  start: number;
}

/**
 * The paragraphs of text page `page` (documents.open's first, or any), in order, with their
 * directions and code point offsets: the page's text holds them whole, each ended by its LF (the
 * last page's last not).
 */
export function* pageParagraphs(layout: DocumentLayout, page: TextPage): Generator<ScreenParagraph> {
  const first = layout.pageStarts[page.page] ?? 0;
  const end = layout.pageStarts[page.page + 1] ?? first;
  let start = 0;
  for (let i = 0; i < first; i++) start += (layout.paragraphLengths[i] ?? 0) + 1;
  let from = 0;
  for (let i = first; i < end; i++) {
    const lf = page.text.indexOf('\n', from);
    yield { text: page.text.slice(from, lf < 0 ? page.text.length : lf), dir: layout.dirs[i] === 'l' ? 'ltr' : 'rtl', start };
    if (lf < 0) return;
    from = lf + 1;
    start += (layout.paragraphLengths[i] ?? 0) + 1;
  }
}

/** A highlight of the first screen: a mention's code point span of the document (or one of its fragments), in its type's colour. */
export interface ScreenMark extends Span {
  id: string;
  color: string;
}

/**
 * The highlights of a page of mentions read by position (the start's `mentions.page`, the
 * mentions starting in the first text page): each mention's span, or its fragments when it has
 * them (as the overlay draws it: piecesOf), in its type's colour (`colors`, by type name).
 */
export function pageMarks(page: MentionPage, colors: ReadonlyMap<string, string>): ScreenMark[] {
  const fragments = new Map<number, Span[]>();
  for (const [row, extra] of page.extras) if (extra.fragments && extra.fragments.length > 1) fragments.set(row, extra.fragments);
  const out: ScreenMark[] = [];
  // Ids as differences from the one before (mentionPages.ts).
  let id = 0;
  for (let i = 0; i < page.starts.length; i++) {
    id += page.ids[i] ?? 0;
    const color = colors.get(page.strings[page.types[i] ?? -1] ?? '') ?? NO_COLOR;
    const start = page.starts[i] ?? 0;
    for (const f of fragments.get(i) ?? [{ start, end: start + (page.lengths[i] ?? 0) }]) if (f.end > f.start) out.push({ id: String(id), start: f.start, end: f.end, color });
  }
  return out;
}

/** UTF-16 offset in `text` of code point offset `cp` (past the end: its length). */
function utf16Of(text: string, cp: number): number {
  let u = 0;
  for (let k = 0; k < cp && u < text.length; k++) {
    const c = text.charCodeAt(u);
    u += c >= 0xd800 && c <= 0xdbff && u + 1 < text.length && (text.charCodeAt(u + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return u;
}

/**
 * A paragraph's text in `span` (its .q-text), the letters of each mark over it wrapped in a
 * background (nested where marks overlap: each adds its colour, as the overlay's boxes do).
 */
function fillText(span: HTMLElement, p: ScreenParagraph, marks: readonly ScreenMark[]): void {
  const end = p.start + codePoints(p.text);
  const local: { a: number; b: number; id: string; color: string }[] = [];
  for (const m of marks) {
    if (m.end <= p.start || m.start >= end) continue;
    local.push({ a: utf16Of(p.text, Math.max(0, m.start - p.start)), b: utf16Of(p.text, Math.min(end, m.end) - p.start), id: m.id, color: m.color });
  }
  if (local.length === 0) {
    span.textContent = p.text;
    return;
  }
  const cuts = [...new Set([0, p.text.length, ...local.flatMap((m) => [m.a, m.b])])].sort((x, y) => x - y);
  const parts: Node[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const a = cuts[k] as number;
    const b = cuts[k + 1] as number;
    if (b <= a) continue;
    let node: Node = document.createTextNode(p.text.slice(a, b));
    for (const m of local) {
      if (m.a > a || m.b < b) continue;
      const mark = document.createElement('span');
      mark.className = 'fs-hl';
      mark.dataset['id'] = m.id;
      mark.style.setProperty('--c', m.color);
      mark.append(node);
      node = mark;
    }
    parts.push(node);
  }
  span.replaceChildren(...parts);
}

function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
}

/** The first screen up now: its document and its paragraphs (their text spans), for its highlights. */
let shown: { docId: string; paragraphs: { span: HTMLElement; p: ScreenParagraph }[]; highlighted: boolean } | null = null;

/** After the next frame is painted (a message posted in an animation frame runs once it is). */
function afterFrame(run: () => void): void {
  requestAnimationFrame(() => {
    run();
    const channel = new MessageChannel();
    channel.port1.onmessage = settleNow;
    channel.port2.postMessage(0);
  });
}

/**
 * What a first screen laid out by the browser needs from the start's answers (no place remembered
 * for it): the window's frame around the document view is built from the shell's own classes
 * (styles/app.css), so the browser gives the view the editor's widths, and as nearly as it can
 * its height and top: the header's brand and, when the schema has types, a legend pill (its
 * second row's height), the title row's first line (the document's name, a small button) and its
 * second (the document's status and note, which wrap below at any window up to ~1,760 px wide).
 */
export interface Frame {
  /** The document's name (the title row's h1). */
  name: string;
  /** The schema's first entity type's pill in the header's legend row (null: no types), with its hotkey or not. */
  pill: { hotkey: boolean } | null;
  /** Whether the project's reading settings are the stylesheet's defaults (else no first screen laid out: its fonts or sizes would differ). */
  defaultReading: boolean;
}

/** The place laid out by the browser: the shell's frame, hidden, around a visible document view (`.doc-scroll`, in it). */
function layOutFrame(layer: HTMLElement, frame: Frame, locale: string): HTMLElement {
  const el = (tag: string, className: string, ...children: (Node | string)[]) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    e.append(...children);
    return e;
  };
  layer.dir = locale === 'en' ? 'ltr' : 'rtl';
  Object.assign(layer.style, { position: 'fixed', inset: '0', pointerEvents: 'none', zIndex: '5' });
  const brand = el('div', 'brand', el('span', 'brand-mark', 'ق'), el('div', 'brand-text', el('span', 'brand-name', 'Qalam'), el('span', 'project-name', '\u00a0')));
  const tools = el('div', 'header-tools', el('label', 'switch', el('span', 'switch-track'), '\u00a0'));
  if (frame.pill) {
    const pill = el('button', 'legend-pill legend-item', el('span', 'swatch'), el('span', 'legend-name', '\u00a0'));
    if (frame.pill.hotkey) pill.append(el('kbd', '', '\u00a0'));
    tools.append(el('div', 'legend-wrap', el('div', 'legend', pill)));
  }
  const h1 = el('h1', '', frame.name);
  h1.dir = 'auto';
  // The document bar (DocumentMetaBar: status and note, events.css, the window's stylesheet) on its own line, as it wraps below the title.
  const bar = el('fieldset', 'ev-docmeta ro-fieldset', el('label', '', '\u00a0', el('select', '')), el('input', ''));
  Object.assign(bar.style, { display: 'flex', flexBasis: '100%', alignItems: 'center', gap: '8px', fontSize: '12.5px' });
  Object.assign((bar.lastChild as HTMLElement).style, { font: 'inherit', fontSize: '12.5px', width: '170px' });
  const title = el('div', 'doc-title', h1, el('button', 'btn btn-small', '\u00a0'), bar);
  const view = el('div', 'doc-scroll');
  view.style.visibility = 'visible';
  view.style.background = 'var(--paper)';
  const app = el(
    'div',
    'app',
    el('header', 'app-header', brand, el('div', 'header-actions'), tools),
    el('div', 'workspace', el('aside', 'side side-left'), el('main', 'center', title, el('div', 'doc-pane', view)), el('aside', 'side side-right')),
    el('footer', 'status-line', el('span', 'status-idle', '\u00a0')),
  );
  app.style.visibility = 'hidden';
  layer.append(app);
  return view;
}

/**
 * Paint the first screen of a document (its paragraphs in order, from the top) where the editor
 * will show it, with its highlights (`marks`) or, when they are still to come (undefined),
 * without them until highlightFirstScreen. Where: if this window remembers the editor's view for
 * this language, pixel ratio and document (viewIn), there; else, given the start's `frame`, in
 * the shell's frame laid out by the browser (layOutFrame), moved to the editor's view when the
 * shell is rendered if the frame guessed its top or height otherwise (alignFirstScreen). Answers
 * whether it was painted. Marks `qalam:text-painted` in the frame it is painted in, and
 * `qalam:first-highlights` in the frame that shows its highlights.
 */
export function paintFirstScreen(doc: { id: string; lang: Lang; dir: Direction }, paragraphs: Iterable<ScreenParagraph>, locale: string, marks?: readonly ScreenMark[], frame?: Frame): boolean {
  const place = readPlace();
  const placed = place !== null && (place.doc === undefined || place.doc === doc.id) ? viewIn(place, locale) : null;
  if ((!placed && !frame?.defaultReading) || document.getElementById(LAYER_ID)) {
    settleNow();
    return false;
  }
  const layer = document.createElement('div');
  layer.id = LAYER_ID;
  layer.setAttribute('aria-hidden', 'true');
  layer.dataset['docId'] = doc.id;
  layer.lang = locale;
  let host: HTMLElement = layer;
  let viewHeight: number;
  if (placed && place) {
    // The reading settings as the window last had them (the project's own are applied to <html> with the window).
    if (place.style) layer.setAttribute('style', place.style);
    placeLayer(layer, placed);
    viewHeight = placed.h;
  } else {
    layer.dataset['laidOut'] = 'true';
    host = layOutFrame(layer, frame!, locale);
    document.body.append(layer);
    viewHeight = host.clientHeight;
  }
  return fillScreen(layer, host, viewHeight, place, doc, paragraphs, marks);
}

/** The layer over the remembered view's box, its padding the stylesheet's `.doc-scroll`'s. */
function placeLayer(layer: HTMLElement, view: Box): void {
  Object.assign(layer.style, {
    position: 'fixed',
    left: `${view.x}px`,
    top: `${view.y}px`,
    width: `${view.w}px`,
    height: `${view.h}px`,
    overflow: 'hidden',
    pointerEvents: 'none',
    background: 'var(--paper)',
    zIndex: '5',
  });
  document.body.append(layer);
  // The view's padding, as the stylesheet gives .doc-scroll (read from a probe, gone in the same
  // task: no second .doc-scroll is ever seen): the sheet is then placed in it by the stylesheet
  // too (its width and centring), as in the editor's view of this size.
  const probe = document.createElement('div');
  probe.className = 'doc-scroll';
  layer.append(probe);
  const style = getComputedStyle(probe);
  const pad = { top: style.paddingTop, right: style.paddingRight, bottom: style.paddingBottom, left: style.paddingLeft };
  probe.remove();
  layer.style.padding = `${pad.top} ${pad.right} ${pad.bottom} ${pad.left}`;
}

/** The first screen's paragraphs in `host` (the layer, or the laid-out view in it), until its view (`viewHeight` high) is full. */
function fillScreen(layer: HTMLElement, host: HTMLElement, viewHeight: number, place: Place | null, doc: { id: string; lang: Lang; dir: Direction }, paragraphs: Iterable<ScreenParagraph>, marks?: readonly ScreenMark[]): boolean {
  const laidOut = host !== layer;
  const padBottom = parseFloat(getComputedStyle(host).paddingBottom) || 0;
  // The same elements and classes as DocumentEditor's: .doc-sheet (its lang and dir), .doc-text,
  // and Lexical's paragraphs (.q-para with the paragraph's dir and script's lang, its text in a
  // span; an empty one holds a <br>).
  const sheet = document.createElement('div');
  sheet.className = 'doc-sheet';
  if (doc.lang !== 'other') sheet.lang = doc.lang;
  sheet.dir = doc.dir;
  const text = document.createElement('div');
  text.className = 'doc-text';
  sheet.append(text);
  host.append(sheet);
  // How far the text reaches down the view (the laid-out view's sheet is placed in it by its padding).
  const reach = laidOut ? () => sheet.getBoundingClientRect().bottom - host.getBoundingClientRect().top : () => sheet.offsetTop + sheet.offsetHeight;
  // Paragraphs until the view is full: a batch, then one layout to see how far it reaches.
  const painted: { span: HTMLElement; p: ScreenParagraph }[] = [];
  const it = paragraphs[Symbol.iterator]();
  let done = false;
  let batch = 1500;
  while (!done && reach() < viewHeight) {
    let units = 0;
    while (units < batch) {
      const next = it.next();
      if (next.done) {
        done = true;
        break;
      }
      const para = next.value;
      const { text: t, dir } = para;
      const p = document.createElement('p');
      p.className = 'q-para';
      p.dir = dir;
      const lang = detectLang(t);
      if (lang === 'he' || lang === 'ar') p.lang = lang;
      if (t.length > 0) {
        const span = document.createElement('span');
        span.dataset['lexicalText'] = 'true';
        span.className = 'q-text';
        if (marks) fillText(span, para, marks);
        else span.textContent = t;
        p.append(span);
        painted.push({ span, p: para });
      } else p.append(document.createElement('br'));
      text.append(p);
      units += t.length + 1;
    }
    batch = 1000;
  }
  // At another window size than remembered, the view's width is the remembered one's, scroll bar
  // and all: a document that ends above the view's bottom has none in the editor. None then.
  if (!laidOut && place && done && (place.width !== window.innerWidth || place.height !== window.innerHeight) && reach() + padBottom <= viewHeight) {
    layer.remove();
    settleNow();
    return false;
  }
  shown = { docId: doc.id, paragraphs: painted, highlighted: marks !== undefined };
  // Settled once the frame that shows it all is painted (its highlights with the text, or later).
  const textMark = () => performance.mark(TEXT_MARK, { detail: { docId: doc.id, firstScreen: true } });
  if (marks === undefined) requestAnimationFrame(textMark);
  else
    afterFrame(() => {
      textMark();
      performance.mark(HIGHLIGHTS_MARK, { detail: { docId: doc.id } });
    });
  // A hidden window paints no frame, and highlights may not come: the open does not wait for them long.
  window.setTimeout(settleNow, 250);
  return true;
}

/**
 * The first screen of `docId`, if still up, gets its highlights (the start's mentions came after
 * its text); marks `qalam:first-highlights` in the frame that shows them. `null`: none will come
 * (the read failed): the open waits for them no more.
 */
export function highlightFirstScreen(docId: string, marks: readonly ScreenMark[] | null): void {
  const s = shown;
  if (!s || s.docId !== docId || s.highlighted || !document.getElementById(LAYER_ID)) return;
  if (marks === null) {
    settleNow();
    return;
  }
  s.highlighted = true;
  for (const { span, p } of s.paragraphs) fillText(span, p, marks);
  afterFrame(() => performance.mark(HIGHLIGHTS_MARK, { detail: { docId } }));
}

/** The editor's text is laid out (or no editor will show the document): the first screen goes. */
export function dropFirstScreen(): void {
  settleNow();
  shown = null;
  document.getElementById(LAYER_ID)?.remove();
}

/**
 * The shell is rendered (its first commit, before that frame is painted) with the editor's view
 * `scroller`: a first screen laid out by the browser (no place remembered) whose frame guessed the
 * view's top or height otherwise (a title row on one line in a window wide enough, another
 * header) is moved onto it; when its width differs, the lines would break elsewhere: it goes, and
 * the editor paints the text. Marks `qalam:first-screen-moved` (detail: the vertical move, px).
 */
export function alignFirstScreen(scroller: HTMLElement): void {
  const layer = document.getElementById(LAYER_ID);
  const view = layer?.dataset['laidOut'] ? layer.querySelector<HTMLElement>(':scope .doc-scroll') : null;
  if (!view) return;
  const a = view.getBoundingClientRect();
  const b = scroller.getBoundingClientRect();
  const near = (x: number, y: number) => Math.abs(x - y) <= 0.5;
  if (near(a.left, b.left) && near(a.top, b.top) && near(a.width, b.width) && near(a.height, b.height)) return;
  if (!near(a.width, b.width) || view.clientWidth !== scroller.clientWidth) {
    dropFirstScreen();
    return;
  }
  Object.assign(view.style, { position: 'fixed', left: `${b.left}px`, top: `${b.top}px`, width: `${b.width}px`, height: `${b.height}px` });
  performance.mark('qalam:first-screen-moved', { detail: { dy: b.top - a.top } });
}
