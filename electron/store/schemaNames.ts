/**
 * Names the schema gives and the annotations use: how many annotations use each type, role and
 * attribute (schema.preview), and renaming them in every annotation and in the change log's
 * snapshots (schema.replace with renames), so that undo keeps working after a rename.
 */
import type { AttributeValues, EventArgument } from '../../annotations/model';
import type { Connection } from './connection';
import type { MentionRepository } from './mentions';
import { attributesJson, parseAttributes } from './rows';
import type { ChangeTarget, NameRenames } from './types';

export class SchemaNamesRepository {
  constructor(
    private readonly conn: Connection,
    private readonly mentions: MentionRepository,
  ) {}

  /** How many annotations (all annotators) use each entity type, event type, relation type, role and attribute. */
  usage(): {
    entityTypes: Map<string, number>;
    eventTypes: Map<string, number>;
    relationTypes: Map<string, number>;
    roles: Map<string, number>;
    attributes: Map<string, number>;
  } {
    const counts = (sql: string): Map<string, number> =>
      new Map((this.conn.st(sql).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
    return {
      entityTypes: this.mentions.countsByType(),
      eventTypes: counts('SELECT type AS k, count(*) AS n FROM events GROUP BY type'),
      relationTypes: counts('SELECT type AS k, count(*) AS n FROM relations GROUP BY type'),
      // key "<event type>\u0000<role>"
      roles: counts(`SELECT e.type || char(0) || a.role AS k, count(*) AS n FROM event_arguments a JOIN events e ON e.id = a.event_id GROUP BY 1`),
      attributes: counts(
        `SELECT j.key AS k, count(*) AS n FROM (
           SELECT attributes_json AS a FROM mentions UNION ALL SELECT attributes_json FROM events UNION ALL SELECT attributes_json FROM relations
         ) AS t, json_each(t.a) AS j GROUP BY j.key`,
      ),
    };
  }

  /**
   * Renames types, roles and attribute names in every annotation and in the change log (so undo
   * keeps working after the rename). One transaction; returns the number of annotations changed.
   */
  rename(renames: NameRenames): number {
    return this.conn.transaction(() => {
      let changed = 0;
      const types = Object.entries(renames.types ?? {}).filter(([a, b]) => a !== b);
      const rels = Object.entries(renames.relationTypes ?? {}).filter(([a, b]) => a !== b);
      const attrs = Object.entries(renames.attributes ?? {}).filter(([a, b]) => a !== b);
      const roles = renames.roles ?? {};
      // via a temporary name so that swaps (A→B, B→A) work
      const twoStep = (table: string, pairs: [string, string][]): void => {
        pairs.forEach(([from], i) => {
          changed += this.conn.db.prepare(`UPDATE ${table} SET type = ? WHERE type = ?`).run(`\u0000${i}`, from).changes;
        });
        pairs.forEach(([, to], i) => this.conn.db.prepare(`UPDATE ${table} SET type = ? WHERE type = ?`).run(to, `\u0000${i}`));
      };
      twoStep('mentions', types);
      twoStep('events', types);
      twoStep('relations', rels);
      for (const [eventType, map] of Object.entries(roles)) {
        const pairs = Object.entries(map).filter(([a, b]) => a !== b);
        const rows = this.conn.db
          .prepare('SELECT a.event_id, a.position, a.role FROM event_arguments a JOIN events e ON e.id = a.event_id WHERE e.type = ?')
          .all(eventType) as { event_id: number; position: number; role: string }[];
        for (const r of rows) {
          const to = pairs.find(([from]) => from === r.role)?.[1];
          if (to !== undefined) {
            this.conn.db.prepare('UPDATE event_arguments SET role = ? WHERE event_id = ? AND position = ?').run(to, r.event_id, r.position);
            changed++;
          }
        }
      }
      const renameAttrs = (a: AttributeValues | undefined): AttributeValues | undefined => {
        if (a === undefined || attrs.length === 0) return a;
        const out: AttributeValues = {};
        for (const [k, v] of Object.entries(a)) out[attrs.find(([from]) => from === k)?.[1] ?? k] = v;
        return out;
      };
      if (attrs.length > 0) {
        for (const table of ['mentions', 'events', 'relations']) {
          const rows = this.conn.db.prepare(`SELECT id, attributes_json FROM ${table} WHERE attributes_json <> '{}'`).all() as { id: number; attributes_json: string }[];
          for (const r of rows) {
            const before = r.attributes_json;
            const after = attributesJson(renameAttrs(parseAttributes(before)));
            if (after !== before) {
              this.conn.db.prepare(`UPDATE ${table} SET attributes_json = ? WHERE id = ?`).run(after, r.id);
              changed++;
            }
          }
        }
      }
      // the change log's snapshots
      const typeMap = new Map(types);
      const relMap = new Map(rels);
      const fix = (target: ChangeTarget, json: string | null): string | null => {
        if (json === null || target === 'document') return json;
        const o = JSON.parse(json) as Record<string, unknown> & { type?: string; attributes?: AttributeValues; arguments?: EventArgument[] };
        const map = target === 'relation' ? relMap : typeMap;
        if (typeof o.type === 'string' && map.has(o.type)) o.type = map.get(o.type);
        if (o.attributes !== undefined) o.attributes = renameAttrs(o.attributes);
        if (target === 'event' && Array.isArray(o.arguments) && typeof o.type === 'string') {
          const rm = roles[o.type];
          if (rm !== undefined) o.arguments = o.arguments.map((a) => ({ ...a, role: rm[a.role] ?? a.role }));
        }
        return JSON.stringify(o);
      };
      if (types.length + rels.length + attrs.length + Object.keys(roles).length > 0) {
        const rows = this.conn.db.prepare('SELECT seq, target, before_json, after_json FROM change_log').all() as {
          seq: number;
          target: ChangeTarget;
          before_json: string | null;
          after_json: string | null;
        }[];
        for (const r of rows) {
          const b = fix(r.target, r.before_json);
          const a = fix(r.target, r.after_json);
          if (b !== r.before_json || a !== r.after_json) this.conn.db.prepare('UPDATE change_log SET before_json = ?, after_json = ? WHERE seq = ?').run(b, a, r.seq);
        }
      }
      return changed;
    });
  }
}
