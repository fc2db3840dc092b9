/** What the editor's plugins share: the window's state, the opened document and the selection intent. */
import { createContext, useContext } from 'react';
import type { Workspace } from '../state/workspace';
import type { DocumentModel } from './documentModel';
import type { OverlayController } from '../overlay/OverlayController';
import type { DocumentWindow } from './windowing';

/**
 * How the current text selection was made. Alt held at any point of a mouse selection (press,
 * drag or release) asks for the exact characters; a keyboard change of the selection clears it.
 */
export class SelectionIntent {
  altSelection = false;
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
