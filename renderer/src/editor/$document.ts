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
  type ParagraphNode,
  type PointType,
} from 'lexical';
import type { LocalPoint } from '../offsets/ParagraphTable';
import type { DocumentModel } from './documentModel';

function $createParagraph(model: DocumentModel, index: number): ParagraphNode {
  const { table } = model;
  const paragraph = $createParagraphNode();
  paragraph.setDirection(table.row(index).dir);
  const text = table.paragraphText(index);
  if (text.length > 0) paragraph.append($createTextNode(text));
  return paragraph;
}

/** Replace the editor content with paragraphs [first, end) of the document (run inside an update). */
export function $loadDocument(model: DocumentModel, first = 0, end = model.table.paragraphCount): void {
  const root = $getRoot();
  root.clear();
  const keys: string[] = [];
  for (let i = first; i < end; i++) {
    const paragraph = $createParagraph(model, i);
    root.append(paragraph);
    keys.push(paragraph.getKey());
  }
  model.setWindow(first, keys);
}

/**
 * Move the mounted window to [first, end) (run inside an update): paragraphs that stay keep their
 * nodes (and so their keys, and any selection in them); the others are removed or created.
 */
export function $setWindow(model: DocumentModel, first: number, end: number): void {
  if (end <= model.first || first >= model.end) {
    $loadDocument(model, first, end);
    return;
  }
  const root = $getRoot();
  const children = root.getChildren();
  const keys: string[] = [];
  // Drop what falls outside.
  children.forEach((child, i) => {
    const index = model.first + i;
    if (index < first || index >= end) child.remove();
    else keys.push(child.getKey());
  });
  // Prepend [first, model.first).
  const before: string[] = [];
  let anchor: ParagraphNode | null = (root.getFirstChild() as ParagraphNode | null) ?? null;
  for (let i = Math.min(model.first, end) - 1; i >= first; i--) {
    const p = $createParagraph(model, i);
    if (anchor) anchor.insertBefore(p);
    else root.append(p);
    anchor = p;
    before.unshift(p.getKey());
  }
  // Append [model.end, end).
  const after: string[] = [];
  for (let i = Math.max(model.end, first); i < end; i++) {
    const p = $createParagraph(model, i);
    root.append(p);
    after.push(p.getKey());
  }
  model.setWindow(first, [...before, ...keys, ...after]);
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
    // Between paragraphs: the start of mounted paragraph `offset`, or the end of the last one.
    const index = model.first + point.offset;
    if (index < model.end) return { paragraph: index, offset16: 0 };
    const last = Math.max(model.first, model.end - 1);
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
