/**
 * One opened document as the editor sees it: the paragraph table (all offset maths) and the
 * Lexical key of each paragraph, filled in when the document is loaded into the editor.
 */
import type { ParagraphTable } from '../offsets/ParagraphTable';

export class DocumentModel {
  readonly docId: string;
  readonly table: ParagraphTable;
  private keys: string[] = [];
  private indexByKey = new Map<string, number>();

  constructor(docId: string, table: ParagraphTable) {
    this.docId = docId;
    this.table = table;
  }

  setParagraphKeys(keys: string[]): void {
    this.keys = keys;
    this.indexByKey = new Map(keys.map((k, i) => [k, i]));
  }

  paragraphKey(index: number): string | undefined {
    return this.keys[index];
  }

  paragraphIndex(key: string): number | undefined {
    return this.indexByKey.get(key);
  }
}
