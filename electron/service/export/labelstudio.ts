/** Label Studio: one JSON list of tasks per file (labels and relation regions, code points with each span's text). */
import { writeLabelStudioTask, type LabelStudioReport } from '../../../annotations/formats/labelstudio';
import type { WriterFactory } from './writer';
import { entityRelationsOnly } from './doccano';

export const labelstudio: WriterFactory = (ctx) => {
  const counts: LabelStudioReport = { events: 0, arguments: 0, relationAttributes: 0, relationNotes: 0, documentMeta: 0 };
  /** Tasks written per split file (each file is one JSON list). */
  const tasks = new Map<string, number>();
  let n = 0;
  return {
    write: (rec, at, target) => {
      const { record, left } = entityRelationsOnly(rec);
      ctx.losses.eventLinks += left;
      const k = tasks.get(at.split) ?? 0;
      tasks.set(at.split, k + 1);
      target.sink(at.split).write(`${k === 0 ? '[\n' : ',\n'}${writeLabelStudioTask(record, ++n, counts, at.map)}`);
    },
    // each file is one JSON list, closed before anything is committed
    close: (target) => {
      for (const split of ctx.splitNames) target.sink(split).write((tasks.get(split) ?? 0) === 0 ? '[]\n' : '\n]\n');
    },
    report: (report) => {
      const parts = [
        counts.events > 0 ? `${counts.events} events (${counts.arguments} arguments)` : '',
        counts.relationAttributes > 0 ? `${counts.relationAttributes} relation attributes` : '',
        counts.relationNotes > 0 ? `${counts.relationNotes} relation notes` : '',
        counts.documentMeta > 0 ? `the status, flags or note of ${counts.documentMeta} documents` : '',
      ].filter((p) => p !== '');
      if (parts.length > 0) report.messages.push(`not in Label Studio's format, left out: ${parts.join(', ')}`);
      report.messages.push(
        'offsets in code points, with each span\'s text; labelling config: <Labels name="label" toName="text">, <Text name="text" value="$text"/>, <Relations>; attributes are per-region <Choices>, notes a per-region <TextArea name="note">',
      );
    },
  };
};
