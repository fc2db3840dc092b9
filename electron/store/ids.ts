/** API ids ↔ SQLite rowids: mentions (and rejections) are "12", events "E12", relations "R12". */
import { isEventRef } from '../../annotations/model';
import { StoreError } from './errors';

/** The API exposes mention ids as decimal strings of the SQLite rowid. Anything else is no id. */
export function parseMentionId(id: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(id)) return null;
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : null;
}

/** "E12" → 12; anything else → null. */
export function parseEventId(id: string): number | null {
  return id.startsWith('E') ? parseMentionId(id.slice(1)) : null;
}

/** "R12" → 12; anything else → null. */
export function parseRelationId(id: string): number | null {
  return id.startsWith('R') ? parseMentionId(id.slice(1)) : null;
}

/** An argument's or relation end's API id → [mention rowid, event rowid] (one of them null). */
export function linkTarget(id: string): [number | null, number | null] {
  if (isEventRef(id)) return [null, parseEventId(id)];
  const m = parseMentionId(id);
  if (m === null) throw new StoreError('invalid-argument', `invalid mention or event id ${JSON.stringify(id)}`);
  return [m, null];
}
