import { useEffect } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ParagraphNode } from 'lexical';
import { useAnnotationContext } from '../context';

/**
 * Gives each paragraph element its index (`data-para`) and the language of its script (`lang`,
 * which selects the Hebrew or Arabic fonts in CSS). Its `dir` is Lexical's, from setDirection.
 */
export function ParagraphAttributesPlugin(): null {
  const [editor] = useLexicalComposerContext();
  const { model } = useAnnotationContext();
  useEffect(
    () =>
      editor.registerMutationListener(ParagraphNode, (mutations) => {
        for (const [key, mutation] of mutations) {
          if (mutation === 'destroyed') continue;
          const index = model.paragraphIndex(key);
          const el = editor.getElementByKey(key);
          if (index === undefined || !el) continue;
          const row = model.table.row(index);
          el.dataset['para'] = String(index);
          if (row.lang === 'he' || row.lang === 'ar') el.lang = row.lang;
          else el.removeAttribute('lang');
          if (el.dir !== row.dir) el.dir = row.dir;
        }
      }),
    [editor, model],
  );
  return null;
}
