/** Events (OneIE): per document, tokens with entity, relation and event mentions. */
import { writeEventsLine, type EventsReport } from '../../../annotations/formats/events';
import type { WriterFactory } from './writer';

export const events: WriterFactory = (ctx) => {
  const counts: EventsReport = { eventLinksLeftOut: 0, covered: 0 };
  return {
    write: (rec, at, target) => target.sink(at.split).write(`${writeEventsLine(rec, at.map, counts)}\n`),
    // it counts what it wrote as a covering span itself (triggers too)
    close: () => {
      ctx.losses.eventLinks += counts.eventLinksLeftOut;
      ctx.losses.covered = counts.covered;
    },
  };
};
