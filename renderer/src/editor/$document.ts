/**
 * Loading a document into the editor and reading the selection back as paragraph points.
 * The content is one ParagraphNode per paragraph, with that paragraph's direction, holding one
 * TextNode (none for an empty line): the DOM text node of paragraph i is exactly its text.
 */
import {
  $createParagraphNode,
  $createTextNode,
  $createRangeSelectionFromDom,
  $getRoot,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  $isRootNode,
  getDOMSelection,
  type LexicalEditor,
  type LexicalNode,
  type PointType,
} from 'lexical';
import type { LocalPoint } from '../offsets/ParagraphTable';
import type { DocumentModel } from './documentModel';

/** Replace the editor content with the document (run inside an update). */
export function $loadDocument(model: DocumentModel): void {
  const root = $getRoot();
  root.clear();
  const { table } = model;
  const keys: string[] = [];
  for (let i = 0; i < table.paragraphCount; i++) {
    const row = table.row(i);
    const paragraph = $createParagraphNode();
    paragraph.setDirection(row.dir);
    const text = table.paragraphText(i);
    if (text.length > 0) paragraph.append($createTextNode(text));
    root.append(paragraph);
    keys.push(paragraph.getKey());
  }
  model.setParagraphKeys(keys);
}

/** The editor text as the document text (paragraphs joined by LF). Read context. */
export function $documentText(): string {
  return $getRoot()
    .getChildren()
    .map((p) => p.getTextContent())
    .join('\n');
}

function $paragraphIndexOf(model: DocumentModel, node: LexicalNode): number | undefined {
  const top = $isRootNode(node) ? null : node.getTopLevelElement();
  return top ? model.paragraphIndex(top.getKey()) : undefined;
}

function $pointToLocal(model: DocumentModel, point: PointType): LocalPoint | null {
  const node = point.getNode();
  if ($isRootNode(node)) {
    // Between paragraphs: the start of paragraph `offset`, or the end of the last one.
    const count = model.table.paragraphCount;
    if (point.offset < count) return { paragraph: point.offset, offset16: 0 };
    const last = count - 1;
    return { paragraph: last, offset16: model.table.paragraphText(last).length };
  }
  const paragraph = $paragraphIndexOf(model, node);
  if (paragraph === undefined) return null;
  if (point.type === 'text') return { paragraph, offset16: point.offset };
  // An element point inside a paragraph: before or after its (only) text node.
  const length = model.table.paragraphText(paragraph).length;
  if ($isElementNode(node) && point.offset === 0) return { paragraph, offset16: 0 };
  return { paragraph, offset16: length };
}

export interface SelectionPoints {
  anchor: LocalPoint;
  focus: LocalPoint;
  collapsed: boolean;
}

/**
 * The current range selection as paragraph points, or null. Read or update context.
 * With `editor`, the DOM selection is read afresh: a key pressed right after Shift+arrow may
 * arrive before the browser's `selectionchange` has reached Lexical.
 */
export function $getSelectionPoints(model: DocumentModel, editor?: LexicalEditor): SelectionPoints | null {
  const fromDom = editor ? $createRangeSelectionFromDom(getDOMSelection(window), editor) : null;
  const selection = fromDom ?? $getSelection();
  if (!$isRangeSelection(selection)) return null;
  const anchor = $pointToLocal(model, selection.anchor);
  const focus = $pointToLocal(model, selection.focus);
  if (!anchor || !focus) return null;
  return { anchor, focus, collapsed: selection.isCollapsed() };
}
