/**
 * Screens and dialogs a user does not need to see the first document (the review screen with its
 * agreement figures and charts, the schema editor, the export and import dialogs, the key help,
 * the annotator dialog, the corpus overview, the guidelines panel, the event panel) are separate chunks, loaded with `import()` when first opened (React.lazy
 * with lazy.tsx's loading state), or earlier when the window is idle after the first document was
 * painted (preloadLazyChunks, one an idle period). The type picker and the occurrence preview stay in the first chunk:
 * keys typed right after opening them must land in them.
 */
import { whenIdle } from '../state/idle';

/** Every lazy chunk, for the screens' React.lazy and the preload (review/ReviewScreen.tsx loads the agreement panel itself: a feature does not import app/). */
export const LAZY_CHUNKS = {
  review: () => import('../review/ReviewScreen'),
  agreement: () => import('../review/AgreementPanel'),
  schemaEditor: () => import('../schema/SchemaEditor'),
  exportDialog: () => import('./ExportDialog'),
  importDialog: () => import('./ImportDialog'),
  keyHelp: () => import('./KeyboardHelpDialog'),
  annotator: () => import('./AnnotatorDialog'),
  dashboard: () => import('./DashboardDialog'),
  // The guidelines beside the text (with their Markdown), and the event panel (with the schema's
  // cardinality rules): shown at start, but the first document is painted without waiting for them.
  guidelines: () => import('../guidelines/GuidelinesPanel'),
  events: () => import('../events/EventPanel'),
};

let preloaded = false;

/**
 * Load every lazy chunk ahead (once): called when the window is idle after the first document was
 * painted. One chunk an idle period, each after the one before has loaded (compiling and running
 * them all at once was one long task right after the document appeared: a scroll or a label then
 * waited for it).
 */
export function preloadLazyChunks(): void {
  if (preloaded) return;
  preloaded = true;
  const loads = Object.values(LAZY_CHUNKS);
  const next = (k: number): void => {
    const load = loads[k];
    if (load === undefined) return;
    // A chunk that fails here is loaded (and its error shown) when its screen opens.
    void load()
      .catch(() => undefined)
      .then(() => whenIdle(() => next(k + 1)));
  };
  next(0);
}
