import { useEffect } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useAnnotationContext } from '../context';
import { registerReadOnlyContent } from './readOnly';

/** Keeps the document text exactly as stored (see readOnly.ts). */
export function ReadOnlyPlugin(): null {
  const [editor] = useLexicalComposerContext();
  const { model } = useAnnotationContext();
  useEffect(() => registerReadOnlyContent(editor, () => model.windowText()), [editor, model]);
  return null;
}
