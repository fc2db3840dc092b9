import type Database from 'better-sqlite3';
import { migration001 } from './001_initial';
import { migration002 } from './002_history_indexes';
import { migration003 } from './003_events_relations';
import { migration004 } from './004_review';
import { migration005 } from './005_document_progress';
import { migration006 } from './006_document_layouts';
import { migration007 } from './007_event_links_fragments';
import { migration008 } from './008_set_revisions';
import { migration009 } from './009_suggestion_rejections';
import { migration010 } from './010_document_overview';
import { migration011 } from './011_annotated_sets';
import { migration012 } from './012_mentions_with_attributes';
import { migration013 } from './013_list_indexes';
import { migration014 } from './014_set_progress';
import { migration015 } from './015_progress_order';
import { migration016 } from './016_suggest_models';
import { migration017 } from './017_mentions_with_more';
import type { Migration } from './types';

export type { Migration } from './types';
export { QALAM_APPLICATION_ID } from './001_initial';

/** Every migration, in order. Versions are 1, 2, 3, … without gaps. Append only. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015, migration016, migration017];

MIGRATIONS.forEach((m, i) => {
  if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
});

/** The schema version (`PRAGMA user_version`) this build of Qalam writes. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.length;

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration newer than the database's `user_version`, up to `to` (default: all),
 * each in its own transaction together with the `user_version` bump, so a crash leaves the file
 * at a whole version. Returns the versions applied.
 */
export function migrate(
  db: Database.Database,
  to: number = LATEST_SCHEMA_VERSION,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version > to) break;
    if (m.version <= userVersion(db)) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}
