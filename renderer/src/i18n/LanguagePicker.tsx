/** The header's interface-language picker (each language named in itself). */
import { LOCALES, setLocale, useLocale, useT, type Locale } from './index';

/** `onError`: the chosen language's catalogue could not be loaded (the language stays). */
export function LanguagePicker({ onError }: { onError: (error: unknown) => void }) {
  const t = useT();
  const locale = useLocale();
  return (
    <select
      className="lang-picker"
      aria-label={t('lang.label')}
      title={t('lang.label')}
      data-testid="ui-language"
      value={locale}
      onChange={(e) => setLocale(e.target.value as Locale).catch(onError)}
    >
      {LOCALES.map((l) => (
        <option key={l} value={l} lang={l}>
          {t(`lang.${l}`)}
        </option>
      ))}
    </select>
  );
}
