/**
 * The window's code (start.tsx's chunk and those it imports, with their CSS), preloaded by the
 * entry module right after it has sent the start's calls (issue 15): index.html lists the files
 * (renderer/startPreload.ts, `<meta name="qalam-window-code">`), so they are fetched and compiled
 * while the calls are answered, without holding the entry back or going out ahead of the calls.
 * The stylesheets are added after the HTML's, so they hold back neither the entry nor the first
 * screen's paint (nothing the first screen shows is styled by them: its sheets are the entry's);
 * the window's code runs once they are applied (`windowCodeStyled`). Part of the entry chunk.
 */

const META = 'meta[name="qalam-window-code"]';

let styled: Promise<void> = Promise.resolve();

/** Add the window's code to the document: modulepreload for its scripts, its stylesheets (once). */
export function preloadWindowCode(): void {
  const meta = document.querySelector(META);
  if (!meta) return; // the dev server: its modules come as they are imported
  meta.remove();
  const sheets: Promise<void>[] = [];
  for (const href of (meta.getAttribute('content') ?? '').split(/\s+/)) {
    if (!href) continue;
    const link = document.createElement('link');
    link.crossOrigin = '';
    if (href.endsWith('.css')) {
      link.rel = 'stylesheet';
      // A sheet that fails to load leaves the window unstyled there, as one in index.html would.
      sheets.push(
        new Promise((done) => {
          link.addEventListener('load', () => done(), { once: true });
          link.addEventListener('error', () => done(), { once: true });
        }),
      );
    } else link.rel = 'modulepreload';
    link.href = href;
    document.head.append(link);
  }
  styled = Promise.all(sheets).then(() => undefined);
}

/** Resolved once the window's code's stylesheets are applied (or failed to load): the shell is not rendered unstyled. */
export function windowCodeStyled(): Promise<void> {
  return styled;
}
