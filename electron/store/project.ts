/** The project's own tables: `settings` (key/value), `schema` (one row per version) and `annotators`. */
import type { Schema } from '../../annotations/model';
import { withSchemaDefaults } from '../../annotations/schema';
import type { Connection } from './connection';
import type { SettingKey, StoredSchema } from './types';

export class ProjectRepository {
  constructor(private readonly conn: Connection) {}

  getSetting(key: SettingKey): string | null {
    const row = this.conn.st('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: SettingKey, value: string): void {
    this.conn.transaction(() => {
      this.conn.st('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
    });
  }

  deleteSetting(key: SettingKey): void {
    this.conn.transaction(() => {
      this.conn.st('DELETE FROM settings WHERE key = ?').run(key);
    });
  }

  /** The current (highest-version) schema, or null for a project that has none yet. */
  currentSchema(): StoredSchema | null {
    const row = this.conn.st('SELECT version, json, created_at FROM schema ORDER BY version DESC LIMIT 1').get() as
      | { version: number; json: string; created_at: string }
      | undefined;
    if (row === undefined) return null;
    // schemas stored before events existed have only entityTypes
    return { version: row.version, schema: withSchemaDefaults(JSON.parse(row.json) as Schema), createdAt: row.created_at };
  }

  /** Stores `schema` as the new current version and returns that version number. */
  addSchema(schema: Schema, createdAt: string): number {
    return this.conn.transaction(() => {
      const { v } = this.conn.st('SELECT coalesce(max(version), 0) + 1 AS v FROM schema').get() as { v: number };
      this.conn.st('INSERT INTO schema (version, json, created_at) VALUES (?, ?, ?)').run(v, JSON.stringify(schema), createdAt);
      return v;
    });
  }

  ensureAnnotator(name: string, createdAt: string): void {
    this.conn.transaction(() => {
      this.conn.st('INSERT INTO annotators (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING').run(name, createdAt);
    });
  }

  /** Every annotator the project has seen, by name. */
  annotators(): string[] {
    return (this.conn.st('SELECT name FROM annotators ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  }

  /** Annotators with at least one mention, event or relation in the document (or a status, flags or note on it), by name. */
  annotatorsOfDocument(docId: string): string[] {
    return (
      this.conn.st(
        `SELECT annotator FROM mentions WHERE doc_id = ? UNION SELECT annotator FROM events WHERE doc_id = ?
         UNION SELECT annotator FROM relations WHERE doc_id = ? UNION SELECT annotator FROM document_meta WHERE doc_id = ?
         ORDER BY annotator`,
      ).all(docId, docId, docId, docId) as { annotator: string }[]
    ).map((r) => r.annotator);
  }
}
