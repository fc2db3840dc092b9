/**
 * The window, once its code is in (main.tsx loads this chunk beside the start's calls and the
 * interface language's catalogue): the language switched to, the workspace taking the start's
 * answers (Workspace.boot), the first render.
 */
import { Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { Workspace } from './state/workspace';
import { startLocale, t, type Catalogue, type Locale } from './i18n';

export function start(locale: Locale, catalogue: Catalogue | { failed: unknown } | null): void {
  // The window's code and the interface language's catalogue are in (the benchmark's --verbose timeline).
  performance.mark('qalam:code-in');
  const container = document.getElementById('root');
  if (!container) throw new Error('#root is missing from index.html');
  const failed = catalogue !== null && 'failed' in catalogue ? catalogue.failed : null;
  if (catalogue !== null && !('failed' in catalogue)) startLocale(locale, catalogue);
  const ws = new Workspace();
  // The start call went out from the entry module; the workspace takes its answer.
  void ws.boot();
  if (failed !== null) ws.reportError({ code: 'internal', message: failed instanceof Error ? failed.message : String(failed) }, t('lang.cannotLoad'));
  createRoot(container).render(<App ws={ws} />);
}

/** The benchmark's baseline view (`#bench-plain=<docId>`): plain React spans, no Lexical (a chunk of its own: the window never shows it). */
const PlainView = lazy(() => import('./bench/PlainView').then((m) => ({ default: m.PlainView })));

export function startPlain(docId: string): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('#root is missing from index.html');
  createRoot(container).render(
    <Suspense fallback={null}>
      <PlainView docId={docId} />
    </Suspense>,
  );
}
