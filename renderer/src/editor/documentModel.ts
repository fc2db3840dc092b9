/**
 * One opened document as the editor sees it: the paragraph table (all offset maths, for the whole
 * document) and the window of paragraphs currently mounted in the editor, [first, end), with the
 * Lexical key of each mounted paragraph. Only the window is in Lexical and in the DOM (see
 * windowing.ts); every offset stays a whole-document offset.
 */
import type { ParagraphTable } from '../offsets/ParagraphTable';

export class DocumentModel {
  readonly docId: string;
  readonly table: ParagraphTable;
  /** First mounted paragraph. */
  first = 0;
  /** One past the last mounted paragraph. */
  end = 0;
  private keyByIndex = new Map<number, string>();
  private indexByKey = new Map<string, number>();

  constructor(docId: string, table: ParagraphTable) {
    this.docId = docId;
    this.table = table;
  }

  /** Record the mounted window and its paragraphs' keys (in order, first..end-1). */
  setWindow(first: number, keys: readonly string[]): void {
    this.first = first;
    this.end = first + keys.length;
    this.keyByIndex = new Map(keys.map((k, i) => [first + i, k]));
    this.indexByKey = new Map(keys.map((k, i) => [k, first + i]));
  }

  /** The Lexical key of paragraph `index`, or undefined while it is not mounted. */
  paragraphKey(index: number): string | undefined {
    return this.keyByIndex.get(index);
  }

  paragraphIndex(key: string): number | undefined {
    return this.indexByKey.get(key);
  }

  isMounted(index: number): boolean {
    return index >= this.first && index < this.end;
  }

  /** The text the editor holds: the mounted paragraphs joined by LF. */
  windowText(): string {
    if (this.end <= this.first) return '';
    const a = this.table.row(this.first);
    const b = this.table.row(this.end - 1);
    return this.table.slice16(a.start16, b.end16);
  }
}
