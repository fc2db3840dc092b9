/**
 * The message after tagging the occurrences a preview counted (o, then Enter; Tab, Enter for the
 * corpus): how many were tagged, and how many of those the preview counted were left out because
 * a mention now covers them or they were rejected since (the occurrences are found again when
 * Enter is pressed; those are not tagged twice).
 */
import type { MessageKey } from '../i18n/en';

export function taggedOccurrencesMessage(tagged: { count: number; documents: number }, form: string, previewed: number | null): { key: MessageKey; values: Record<string, string | number> } {
  const skipped = previewed === null ? 0 : Math.max(0, previewed - tagged.count);
  const values = { n: tagged.count, form, documents: tagged.documents };
  return skipped > 0 ? { key: 'suggest.taggedOccurrencesSkipped', values: { ...values, skipped } } : { key: 'suggest.taggedOccurrences', values };
}
