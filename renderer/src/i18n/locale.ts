/**
 * Which interface language the window starts in, and the catalogues' loaders: English is in the
 * first chunk, Hebrew and Arabic are chunks of their own, loaded when chosen (only the active
 * language's catalogue is fetched at start, beside the rest of the code: main.tsx). No React here:
 * the entry module imports it before anything else.
 */
import type { MessageKey } from './en';

export type Locale = 'en' | 'he' | 'ar';
export type Catalogue = Record<MessageKey, string>;
export const LOCALES: readonly Locale[] = ['en', 'he', 'ar'];
export const LOCALE_KEY = 'qalam.locale';

/** he → Hebrew, ar → Arabic, anything else English (iw is Hebrew's old code). */
export function localeFrom(tag: string | undefined | null): Locale {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  if (primary === 'he' || primary === 'iw') return 'he';
  if (primary === 'ar') return 'ar';
  return 'en';
}

export function directionOf(locale: Locale): 'ltr' | 'rtl' {
  return locale === 'en' ? 'ltr' : 'rtl';
}

/** The language kept in localStorage, else the system's. */
export function initialLocale(): Locale {
  try {
    const kept = globalThis.localStorage?.getItem(LOCALE_KEY);
    if (kept === 'en' || kept === 'he' || kept === 'ar') return kept;
  } catch {
    // storage unavailable: fall back to the system language
  }
  return localeFrom(globalThis.navigator?.language);
}

/** The Hebrew and Arabic catalogues' chunks (English is imported by index.ts). */
export const CATALOGUE_CHUNKS: Record<Exclude<Locale, 'en'>, () => Promise<Catalogue>> = {
  he: () => import('./he').then((m) => m.he),
  ar: () => import('./ar').then((m) => m.ar),
};

const loading = new Map<Locale, Promise<Catalogue>>();

/**
 * The catalogue of a language other than English (loaded once; a failed load is tried again the
 * next time it is asked for).
 */
export function loadCatalogue(locale: Exclude<Locale, 'en'>): Promise<Catalogue> {
  let p = loading.get(locale);
  if (!p) {
    p = CATALOGUE_CHUNKS[locale]();
    loading.set(locale, p);
    p.catch(() => loading.delete(locale));
  }
  return p;
}
