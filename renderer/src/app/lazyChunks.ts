/**
 * Screens and dialogs a user does not need to see the first document (the review screen with its
 * agreement figures and charts, the schema editor, the export and import dialogs, the key help,
 * the annotator dialog, the corpus overview, the guidelines panel, the event panel) are separate chunks, loaded with `import()` when first opened (React.lazy
 * with lazy.tsx's loading state), or earlier when the window is idle after the first document was
 * painted (preloadLazyChunks). The type picker and the occurrence preview stay in the first chunk:
 * keys typed right after opening them must land in them.
 */

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

/** Load every lazy chunk now (once): called when the window is idle after the first document was painted. */
export function preloadLazyChunks(): void {
  if (preloaded) return;
  preloaded = true;
  for (const load of Object.values(LAZY_CHUNKS)) {
    // A chunk that fails here is loaded (and its error shown) when its screen opens.
    load().catch(() => undefined);
  }
}
