import { describe, expect, it } from 'vitest';
import { addCatalogue, translate } from '../i18n/index';
import { ar } from '../i18n/ar';
import { he } from '../i18n/he';
import { taggedOccurrencesMessage } from './occurrencesMessage';

addCatalogue('he', he);
addCatalogue('ar', ar);

describe('the message after tagging the occurrences a preview counted', () => {
  const say = (locale: 'en' | 'he' | 'ar', count: number, previewed: number | null) => {
    const m = taggedOccurrencesMessage({ count, documents: 2 }, 'קזחסטן', previewed);
    return translate(locale, m.key, m.values);
  };

  it('says how many were left out, already tagged or rejected since the preview', () => {
    expect(say('en', 12, 15)).toBe('Tagged 12 occurrences of “קזחסטן” in 2 documents; 3 already tagged or rejected');
    expect(say('en', 0, 1)).toBe('Tagged 0 occurrences of “קזחסטן” in 2 documents; 1 already tagged or rejected');
    expect(say('he', 12, 15)).toContain('12 מופעים');
    expect(say('he', 12, 15)).toContain('3 מופעים כבר תויגו או נדחו');
    expect(say('he', 12, 13)).toContain('מופע אחד כבר תויג או נדחה');
    expect(say('ar', 12, 14)).toContain('موضعان كانا موسومين أو مرفوضين من قبل');
    expect(say('ar', 12, 15)).toContain('3 مواضع كانت موسومة أو مرفوضة من قبل');
    // no English left in the Hebrew and Arabic messages
    for (const s of [say('he', 12, 15), say('ar', 12, 15)]) expect(s).not.toMatch(/[A-Za-z]/);
  });

  it('says nothing of it when every counted occurrence was tagged', () => {
    expect(say('en', 12, 12)).toBe('Tagged 12 occurrences of “קזחסטן” in 2 documents');
    expect(say('en', 12, null)).toBe('Tagged 12 occurrences of “קזחסטן” in 2 documents');
    expect(say('ar', 12, 12)).not.toContain('من قبل');
  });
});
