/**
 * The interface language: English, Hebrew or Arabic. Chosen in the header (kept in localStorage),
 * by default from navigator.language. `t(key, values)` formats a catalogue message (format.ts);
 * `useT()` re-renders a component when the language changes. Setting the language mirrors the
 * whole window: <html lang> and dir="rtl" for Hebrew and Arabic.
 *
 * English is here; Hebrew and Arabic are chunks of their own (locale.ts): the start loads the
 * active one before the first render (main.tsx, `addCatalogue`), and `setLocale` loads the chosen
 * one before it switches, so a screen is never drawn in a language whose catalogue is missing.
 */
import { useSyncExternalStore } from 'react';
import { en, type MessageKey } from './en';
import { formatMessage, type MessageValues } from './format';
import { LOCALE_KEY, directionOf, loadCatalogue, type Catalogue, type Locale } from './locale';

export type { MessageKey } from './en';
export type { Catalogue, Locale } from './locale';
export { LOCALES, directionOf, initialLocale, loadCatalogue, localeFrom } from './locale';

/** The catalogues loaded so far (English always). */
const catalogues: Partial<Record<Locale, Catalogue>> = { en };

/** A catalogue loaded (by the start, or by setLocale); its language can be shown from now on. */
export function addCatalogue(locale: Locale, catalogue: Catalogue): void {
  catalogues[locale] = catalogue;
}

/** The catalogue of `locale`, once loaded (English always). */
export function catalogueOf(locale: Locale): Catalogue | undefined {
  return catalogues[locale];
}

export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const catalogue = catalogues[locale];
  // Never reached from the window (the language is switched once its catalogue is in): a caller
  // outside it must load the catalogue first (loadCatalogue, addCatalogue).
  if (!catalogue) throw new Error(`the ${locale} catalogue is not loaded (renderer/src/i18n/locale.ts loadCatalogue)`);
  return formatMessage(locale, catalogue[key], values);
}

/** English until the start's language is in (startLocale, before the first render). */
let current: Locale = 'en';
const listeners = new Set<() => void>();

function applyToDocument(locale: Locale) {
  const root = globalThis.document?.documentElement;
  if (!root) return;
  root.lang = locale;
  root.dir = directionOf(locale);
}
applyToDocument(current);

/**
 * The start: the language the window opens in (kept, else the system's: initialLocale) with its
 * catalogue, loaded by main.tsx beside the rest of the code. Not kept in storage (a system
 * language is followed until one is chosen).
 */
export function startLocale(locale: Locale, catalogue: Catalogue): void {
  catalogues[locale] = catalogue;
  if (locale === current) return;
  current = locale;
  applyToDocument(locale);
  for (const l of listeners) l();
}

export function getLocale(): Locale {
  return current;
}

/**
 * Switch the interface language, once its catalogue is loaded (the promise settles then; it
 * rejects, and the language stays, when the catalogue's chunk cannot be loaded).
 */
export async function setLocale(locale: Locale): Promise<void> {
  if (locale !== 'en' && !catalogues[locale]) addCatalogue(locale, await loadCatalogue(locale));
  showLocale(locale);
}

/** Switch to a language whose catalogue is loaded. */
function showLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  try {
    globalThis.localStorage?.setItem(LOCALE_KEY, locale);
  } catch {
    // not kept: the choice still holds for this session
  }
  applyToDocument(locale);
  for (const l of listeners) l();
}

/** Called after the interface language changed (and <html> was mirrored). */
export function subscribeLocale(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Format in the current language (for code outside React's render). */
export function t(key: MessageKey, values?: MessageValues): string {
  return translate(current, key, values);
}

export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** The current language's `t`; the component re-renders when the language changes. */
export function useT(): Translate {
  const locale = useLocale();
  return (key, values) => translate(locale, key, values);
}

export function useLocale(): Locale {
  return useSyncExternalStore(subscribeLocale, getLocale);
}

/** A format's name in the interface language: the catalogue's `format.<id>` when it has one (a description), else the product's own name. */
export function formatLabel(tr: Translate, format: { id: string; label: string }): string {
  const key = `format.${format.id}`;
  return key in en ? tr(key as MessageKey) : format.label;
}
