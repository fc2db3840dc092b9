/** doccano: JSONL with the text and [start, end, label] (doccano-relations: entities and relations). */
import { doccanoDrops, writeDoccanoLine } from '../../../annotations/formats/doccano';
import type { NativeRecord } from '../../../annotations/formats/jsonl';
import type { WriterFactory } from './writer';

/** The record without relations that end at an event: doccano and Label Studio join entities (regions) only. */
export function entityRelationsOnly(rec: NativeRecord): { record: NativeRecord; left: number } {
  const kept = rec.relations.filter((r) => r.arg1_kind !== 'event' && r.arg2_kind !== 'event');
  return { record: { ...rec, relations: kept }, left: rec.relations.length - kept.length };
}

function doccanoWriter(relations: boolean): WriterFactory {
  return (ctx) => {
    const offsets = ctx.args.offsets ?? 'utf16';
    const dropped = { events: 0, relations: 0, attributes: 0, notes: 0 };
    let n = 0;
    return {
      write: (rec, at, target) => {
        const { record, left } = entityRelationsOnly(rec);
        if (relations) ctx.losses.eventLinks += left;
        target.sink(at.split).write(`${writeDoccanoLine(record, ++n, relations, offsets, at.map)}\n`);
        const d = doccanoDrops(relations ? record : rec, relations);
        dropped.events += d.events ?? 0;
        dropped.relations += d.relations ?? 0;
        dropped.attributes += d.attributes ?? 0;
        dropped.notes += d.notes ?? 0;
      },
      report: (report) => {
        report.messages.push(`offsets in ${offsets === 'codepoints' ? 'code points (Python string indices)' : "UTF-16 code units (as doccano's span editor counts)"}`);
        const parts = [
          dropped.events > 0 ? `${dropped.events} events` : '',
          dropped.relations > 0 ? `${dropped.relations} relations (use doccano-relations)` : '',
          dropped.attributes > 0 ? `${dropped.attributes} attributes` : '',
          dropped.notes > 0 ? `${dropped.notes} annotation notes` : '',
        ].filter((p) => p !== '');
        if (parts.length > 0) report.messages.push(`not in doccano's format, left out: ${parts.join(', ')}`);
      },
    };
  };
}

export const doccano = doccanoWriter(false);
export const doccanoRelations = doccanoWriter(true);
