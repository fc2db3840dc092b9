/**
 * The interface language: English, Hebrew or Arabic. Chosen in the header (kept in localStorage),
 * by default from navigator.language. `t(key, values)` formats a catalogue message (format.ts);
 * `useT()` re-renders a component when the language changes. Setting the language mirrors the
 * whole window: <html lang> and dir="rtl" for Hebrew and Arabic.
 */
import { useSyncExternalStore } from 'react';
import { ar } from './ar';
import { en, type MessageKey } from './en';
import { formatMessage, type MessageValues } from './format';
import { he } from './he';

export type { MessageKey } from './en';
export type Locale = 'en' | 'he' | 'ar';
export const LOCALES: readonly Locale[] = ['en', 'he', 'ar'];
export const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, he, ar };
const STORAGE_KEY = 'qalam.locale';

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

export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  return formatMessage(locale, CATALOGUES[locale][key], values);
}

function initial(): Locale {
  try {
    const kept = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (kept === 'en' || kept === 'he' || kept === 'ar') return kept;
  } catch {
    // storage unavailable: fall back to the system language
  }
  return localeFrom(globalThis.navigator?.language);
}

let current: Locale = initial();
const listeners = new Set<() => void>();

function applyToDocument(locale: Locale) {
  const root = globalThis.document?.documentElement;
  if (!root) return;
  root.lang = locale;
  root.dir = directionOf(locale);
}
applyToDocument(current);

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
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
