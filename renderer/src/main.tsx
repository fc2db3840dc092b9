/**
 * The entry module, kept small (issue 15): it sends the start's calls (session.boot and the last
 * document's reads: state/early.ts) and asks for the interface language's catalogue before the
 * rest of the window's code, which it then preloads (start.tsx and its chunks, listed by index.html:
 * renderer/startPreload.ts, windowCode.ts), then renders. The remembered document's first screen of
 * text and highlights is painted from here, before React and Lexical are run (firstScreen.ts).
 */
import { sendStartCalls } from './state/early';
import { firstScreenSettled } from './firstScreen';
import { initialLocale, loadCatalogue, type Catalogue, type Locale } from './i18n/locale';
import { preloadWindowCode, windowCodeStyled } from './windowCode';
import './styles/app.css';
import './styles/document.css';
// The reading settings' sizes and faces: the first screen's text is laid out with them.
import './styles/reading.css';

/** The window's code could not be loaded or run: say so in the window (the message names the file). */
function showFailure(e: unknown): void {
  const root = document.getElementById('root');
  if (root) root.textContent = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  throw e;
}

// `#bench-plain=<docId>`: the benchmark's baseline view (plain React spans, no Lexical).
const plain = /^#bench-plain=(.+)$/.exec(window.location.hash);
if (plain) {
  preloadWindowCode();
  Promise.all([import('./start'), windowCodeStyled()]).then(([m]) => m.startPlain(decodeURIComponent(plain[1] ?? '')), showFailure);
} else {
  const locale: Locale = initialLocale();
  // With the locale: the remembered document's first screen is painted as soon as its text is in (firstScreen.ts).
  sendStartCalls(locale);
  // The window's code, fetched and compiled while the calls are answered (windowCode.ts).
  preloadWindowCode();
  // A catalogue that cannot be loaded: the window starts in English and says so (start.tsx).
  const catalogue: Promise<Catalogue | { failed: unknown } | null> = locale === 'en' ? Promise.resolve(null) : loadCatalogue(locale).catch((failed: unknown) => ({ failed }));
  // The window's code (fetched and compiled meanwhile) is run, its stylesheets applied, once the
  // remembered document's first screen is painted with its highlights (at once without one): its
  // evaluation and the shell's first render are long tasks the first screen's frames would wait behind.
  const code = firstScreenSettled().then(() => Promise.all([import('./start'), windowCodeStyled()])).then(([m]) => m);
  Promise.all([code, catalogue]).then(([m, c]) => m.start(locale, c), showFailure);
}
