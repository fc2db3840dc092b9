/**
 * A document's text in pages, for the bridge (issue 15): a 20 MB text is one 20 MB string in one
 * answer, which the window waits for whole before it can paint anything. Instead the window asks
 * for the document's layout (its paragraphs as columns, where its astral characters are, how it is
 * cut into pages) and the first page of text in one call, paints that, and takes the other pages
 * as they come (`PagedText`).
 *
 * A page holds whole paragraphs: page k is the text from the start of its first paragraph to the
 * start of the next page's first one (its last paragraph's LF included), so the pages joined are
 * exactly the text, and every paragraph lies in one page. Code point ↔ UTF-16 offsets come from
 * the layout's astral positions, so they are exact before any page arrives.
 */
import { CoreError } from './errors';
import { lowerBound, upperBound } from './text';
import type { Direction, Paragraph } from './model';

/** Code points a text page holds (whole paragraphs: a page may hold more, one long paragraph). */
export const TEXT_PAGE_CHARS = 1 << 18;
/**
 * Code points the first text page holds (whole paragraphs, at least one): documents.open's page,
 * which the start's first screen and the editor's first window are painted from. Sized to a
 * screen, not to a transfer: more than any window shows from the top (a 2560 × 1440 view of
 * small text holds some 8,000), so both paint from it alone while the other pages come.
 */
export const FIRST_TEXT_PAGE_CHARS = 1 << 14;

/**
 * A document this small (paragraphs, UTF-16 units) is mounted whole by the window, with no
 * windowing (renderer/src/editor/windowing.ts): so its first text page is its whole text. Were it
 * cut at FIRST_TEXT_PAGE_CHARS, the window would mount paragraphs whose text has not arrived.
 */
export const WHOLE_DOCUMENT = { paragraphs: 80, units16: 40_000 } as const;

/** Is a document of `paragraphs` paragraphs and `length16` UTF-16 units mounted whole (and sent in one page)? */
export function mountedWhole(paragraphs: number, length16: number): boolean {
  return paragraphs <= WHOLE_DOCUMENT.paragraphs && length16 <= WHOLE_DOCUMENT.units16;
}

export interface DocumentLayout {
  docId: string;
  sha256: string;
  /** The text's length in code points and in UTF-16 units. */
  length: number;
  length16: number;
  /** Each paragraph's length in code points (paragraphs are separated by one LF). */
  paragraphLengths: number[];
  /** Each paragraph's direction, one letter each: 'r' (rtl) or 'l' (ltr). */
  dirs: string;
  /** Code point offset of every astral character (two UTF-16 units), ascending. */
  astral: number[];
  /** The first paragraph of each page, then the number of paragraphs (pages + 1 entries). */
  pageStarts: number[];
}

export interface TextPage {
  docId: string;
  sha256: string;
  page: number;
  /** Paragraphs pageStarts[page] … pageStarts[page + 1] − 1, their LFs included (not the last page's last one). */
  text: string;
}

/**
 * The layout of a text split into `paragraphs` (annotations/direction.ts splitParagraphs): page 0
 * closes at the first paragraph starting `firstPageChars` or more after the text's start, every
 * other page at the first starting `pageChars` or more after its own start. By default a document
 * the window mounts whole (`mountedWhole`) is one page (its code points are at most its UTF-16
 * units, so no paragraph starts WHOLE_DOCUMENT.units16 in).
 */
export function documentLayout(
  doc: { id: string; sha256: string; text: string },
  paragraphs: readonly Paragraph[],
  pageChars = TEXT_PAGE_CHARS,
  firstPageChars = Math.min(pageChars, mountedWhole(paragraphs.length, doc.text.length) ? WHOLE_DOCUMENT.units16 : FIRST_TEXT_PAGE_CHARS),
): DocumentLayout {
  const text = doc.text;
  const astral: number[] = [];
  for (let i = 0, cp = 0; i < text.length; i++, cp++) {
    const u = text.charCodeAt(i);
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < text.length) {
      const l = text.charCodeAt(i + 1);
      if (l >= 0xdc00 && l <= 0xdfff) {
        astral.push(cp);
        i++;
      }
    }
  }
  const paragraphLengths: number[] = [];
  let dirs = '';
  const pageStarts: number[] = [0];
  let pageStart = 0;
  for (const [i, p] of paragraphs.entries()) {
    if (i > 0 && p.start - pageStart >= (pageStarts.length === 1 ? firstPageChars : pageChars)) {
      pageStarts.push(i);
      pageStart = p.start;
    }
    paragraphLengths.push(p.end - p.start);
    dirs += p.dir === 'rtl' ? 'r' : 'l';
  }
  pageStarts.push(paragraphs.length);
  return { docId: doc.id, sha256: doc.sha256, length: text.length - astral.length, length16: text.length, paragraphLengths, dirs, astral, pageStarts };
}

/** The paragraphs a layout describes (as splitParagraphs gives them). */
export function layoutParagraphs(layout: DocumentLayout): Paragraph[] {
  const out: Paragraph[] = [];
  let start = 0;
  for (const [i, len] of layout.paragraphLengths.entries()) {
    const dir: Direction = layout.dirs[i] === 'r' ? 'rtl' : 'ltr';
    out.push({ start, end: start + len, dir });
    start += len + 1;
  }
  return out;
}

/** Code point ↔ UTF-16 offsets from the astral characters' positions alone (no text needed). */
export class AstralOffsets {
  /** UTF-16 offset of each astral character. */
  private readonly astral16: Int32Array;

  constructor(
    readonly length: number,
    private readonly astralCp: readonly number[],
  ) {
    this.astral16 = Int32Array.from(astralCp, (cp, k) => cp + k);
  }

  get utf16Length(): number {
    return this.length + this.astralCp.length;
  }

  /** UTF-16 offset of code point offset `cp` (0 ≤ cp ≤ length). */
  toUtf16(cp: number): number {
    if (!Number.isInteger(cp) || cp < 0 || cp > this.length) throw new CoreError('invalid-argument', `code point offset ${cp} is out of range 0..${this.length}`);
    return cp + lowerBound(this.astralCp, cp);
  }

  /** Code point offset of UTF-16 offset `u`; between the halves of a pair: that character's start. */
  toCp(u: number): number {
    if (!Number.isInteger(u) || u < 0 || u > this.utf16Length) throw new CoreError('invalid-argument', `UTF-16 offset ${u} is out of range 0..${this.utf16Length}`);
    return u - lowerBound(this.astral16, u);
  }
}

/** Page k of a text: its text and where it starts (UTF-16). */
export function textPageRange(layout: DocumentLayout, offsets: AstralOffsets, page: number): { start16: number; end16: number } {
  if (!Number.isInteger(page) || page < 0 || page + 1 >= layout.pageStarts.length) {
    throw new CoreError('not-found', `document ${layout.docId} has no text page ${page} (it has ${layout.pageStarts.length - 1})`);
  }
  const cpOf = paragraphStarts(layout);
  const first = layout.pageStarts[page] as number;
  const next = layout.pageStarts[page + 1] as number;
  const start = cpOf[first] ?? 0;
  const end = next < layout.paragraphLengths.length ? (cpOf[next] as number) : layout.length;
  return { start16: offsets.toUtf16(start), end16: offsets.toUtf16(end) };
}

const startsCache = new WeakMap<DocumentLayout, Int32Array>();

/** Code point start of each paragraph (kept per layout). */
function paragraphStarts(layout: DocumentLayout): Int32Array {
  let starts = startsCache.get(layout);
  if (!starts) {
    starts = new Int32Array(layout.paragraphLengths.length);
    let at = 0;
    for (const [i, len] of layout.paragraphLengths.entries()) {
      starts[i] = at;
      at += len + 1;
    }
    startsCache.set(layout, starts);
  }
  return starts;
}

/** Page k of a text (the service's side). */
export function textPage(layout: DocumentLayout, offsets: AstralOffsets, text: string, page: number): TextPage {
  const { start16, end16 } = textPageRange(layout, offsets, page);
  return { docId: layout.docId, sha256: layout.sha256, page, text: text.slice(start16, end16) };
}

/** The code point range [start, end) of text page k. */
export function textPageSpan(layout: DocumentLayout, page: number): { start: number; end: number } {
  const cpOf = paragraphStarts(layout);
  const first = layout.pageStarts[page];
  const next = layout.pageStarts[page + 1];
  if (first === undefined || next === undefined) throw new CoreError('not-found', `document ${layout.docId} has no text page ${page} (it has ${layout.pageStarts.length - 1})`);
  return { start: cpOf[first] ?? 0, end: next < layout.paragraphLengths.length ? (cpOf[next] as number) : layout.length };
}

/**
 * The window's side: the text as its pages arrive, in any order. `add` refuses a page of another
 * document or text, a page already there, or one whose length is not the layout's; the text is
 * `complete` once every page is there, and then exactly the document's text.
 */
export class PagedText {
  readonly offsets: AstralOffsets;
  readonly pageCount: number;
  private readonly pages: (string | undefined)[];
  /** UTF-16 start of each page (pageCount + 1 entries). */
  private readonly pageStart16: Int32Array;
  private missing: number;
  private whole: string | null = null;
  /** Pages [0, loadedPrefix) are all there. */
  private loadedPrefix = 0;
  private readonly listeners = new Set<(page: number) => void>();

  constructor(readonly layout: DocumentLayout) {
    this.offsets = new AstralOffsets(layout.length, layout.astral);
    if (this.offsets.utf16Length !== layout.length16) throw new CoreError('invalid-argument', `layout of ${layout.docId}: ${layout.length} code points and ${layout.astral.length} astral characters are not ${layout.length16} UTF-16 units`);
    this.pageCount = layout.pageStarts.length - 1;
    this.pages = new Array<string | undefined>(this.pageCount);
    this.missing = this.pageCount;
    this.pageStart16 = new Int32Array(this.pageCount + 1);
    for (let k = 0; k < this.pageCount; k++) this.pageStart16[k] = textPageRange(layout, this.offsets, k).start16;
    this.pageStart16[this.pageCount] = layout.length16;
  }

  add(page: TextPage): void {
    const { layout } = this;
    if (page.docId !== layout.docId || page.sha256 !== layout.sha256) throw new CoreError('conflict', `text page ${page.page} is of ${page.docId} (${page.sha256.slice(0, 12)}), not ${layout.docId} (${layout.sha256.slice(0, 12)})`);
    const k = page.page;
    if (!Number.isInteger(k) || k < 0 || k >= this.pageCount) throw new CoreError('invalid-argument', `text page ${k} of ${layout.docId}: it has ${this.pageCount}`);
    if (this.pages[k] !== undefined) throw new CoreError('conflict', `text page ${k} of ${layout.docId} arrived twice`);
    const want = (this.pageStart16[k + 1] as number) - (this.pageStart16[k] as number);
    if (page.text.length !== want) throw new CoreError('conflict', `text page ${k} of ${layout.docId} has ${page.text.length} UTF-16 units, not ${want}`);
    this.pages[k] = page.text;
    this.missing--;
    while (this.loadedPrefix < this.pageCount && this.pages[this.loadedPrefix] !== undefined) this.loadedPrefix++;
    for (const l of this.listeners) l(k);
  }

  /** Called with each page added. */
  onPage(listener: (page: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get complete(): boolean {
    return this.missing === 0;
  }

  /** The page holding paragraph `index`. */
  pageOf(index: number): number {
    return Math.max(0, upperBound(this.layout.pageStarts, index, this.pageCount) - 1);
  }

  /** Whether paragraph `index`'s text is there. */
  hasParagraph(index: number): boolean {
    return this.whole !== null || this.pages[this.pageOf(index)] !== undefined;
  }

  /** How many paragraphs from the first have their text (the pages before the first missing one). */
  get loadedParagraphs(): number {
    return this.layout.pageStarts[this.loadedPrefix] as number;
  }

  /** The text between two UTF-16 offsets; throws when a page it needs has not arrived. */
  slice16(start: number, end: number): string {
    if (end <= start) return '';
    if (this.whole !== null) return this.whole.slice(start, end);
    let out = '';
    for (let k = this.pageAt16(start); k < this.pageCount && (this.pageStart16[k] as number) < end; k++) {
      const text = this.pages[k];
      if (text === undefined) throw new CoreError('conflict', `text page ${k} of ${this.layout.docId} has not arrived`);
      const base = this.pageStart16[k] as number;
      out += text.slice(Math.max(0, start - base), Math.min(text.length, end - base));
    }
    return out;
  }

  /** The whole text; throws before every page is there. */
  get text(): string {
    if (this.whole === null) {
      if (!this.complete) throw new CoreError('conflict', `${this.missing} of ${this.pageCount} text pages of ${this.layout.docId} have not arrived`);
      this.whole = this.pages.join('');
      this.pages.fill(undefined); // held once, in `whole`
    }
    return this.whole;
  }

  private pageAt16(u: number): number {
    let lo = 0;
    let hi = this.pageCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.pageStart16[mid] as number) <= u) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
