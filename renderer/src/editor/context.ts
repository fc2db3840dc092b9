/** What the editor's plugins share: the window's state, the opened document and the selection intent. */
import { createContext, useContext } from 'react';
import type { Workspace } from '../state/workspace';
import type { DocumentModel } from './documentModel';
import type { OverlayController } from '../overlay/OverlayController';
import type { DocumentWindow } from './windowing';
import type { Span } from '../../../annotations/model';
import type { LocalPoint, SnapResult } from '../offsets/ParagraphTable';

/**
 * How the current text selection was made. Alt held at any point of a mouse selection (press,
 * drag or release) asks for the exact characters; a keyboard change of the selection clears it.
 */
export class SelectionIntent {
  altSelection = false;
  /**
   * The find match Escape made the selection (FindPlugin): tagging exactly that span leaves a
   * proclitic before it out whatever the Prefixes out switch says (the query named the stem).
   */
  findMatch: Span | null = null;
}

/** Snap a selection the way the window is set: whole words or exact, prefixes in or out. */
export function snapForTagging(ctx: AnnotationContextValue, points: { anchor: LocalPoint; focus: LocalPoint }, exact: boolean): SnapResult {
  const { ws, intent, model } = ctx;
  const state = ws.getState();
  const mode = exact || intent.altSelection || !state.snapToWords ? 'exact' : 'words';
  const find = intent.findMatch;
  return model.table.snapSelection(points.anchor, points.focus, mode, {
    procliticsOut: (raw) => state.prefixesOut || (find !== null && find.start === raw.start && find.end === raw.end),
  });
}

export interface AnnotationContextValue {
  /** The window's state; `ws.doc` is the open document's (DocumentSession). */
  ws: Workspace;
  model: DocumentModel;
  intent: SelectionIntent;
  /** Set by OverlayPlugin once the overlay layers are mounted. */
  overlay: { current: OverlayController | null };
  /** Set by WindowingPlugin: which paragraphs are mounted. */
  windowing: { current: DocumentWindow | null };
}

export const AnnotationContext = createContext<AnnotationContextValue | null>(null);

export function useAnnotationContext(): AnnotationContextValue {
  const value = useContext(AnnotationContext);
  if (!value) throw new Error('useAnnotationContext outside <DocumentEditor>');
  return value;
}
