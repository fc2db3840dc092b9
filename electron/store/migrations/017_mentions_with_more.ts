import type { Migration } from './types';

/**
 * What a mention holds beyond its type and span — attributes, a note, provenance, fragments or
 * normalisations — as an SQL condition (a NULL attributes_json counts as holding some, as
 * `toMention` would read it). The same text in the index below and in the queries that use it
 * (SQLite uses a partial index only for a WHERE that implies the index's own).
 */
export const MENTION_HOLDS_MORE =
  "(attributes_json IS NOT '{}' OR note <> '' OR provenance_json IS NOT NULL OR fragments_json IS NOT NULL OR normalizations_json IS NOT NULL)";

/**
 * The mentions holding more than a type and span, by set, in a partial index: an export pass reads
 * a set's ids, types and spans from `mentions_unique_span` alone (a covering index: no table row)
 * and reads whole only these (store/mentions.ts `recordMentions`). At 100,000 documents / 10M
 * mentions reading every table row cost some 6 s of the export's CPU.
 */
export const migration017: Migration = {
  version: 17,
  name: 'mentions_with_more',
  up(db) {
    db.exec(`CREATE INDEX mentions_with_more ON mentions(doc_id, annotator) WHERE ${MENTION_HOLDS_MORE};`);
  },
};
