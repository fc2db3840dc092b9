/**
 * "All arcs": shown when a document has more frames than DENSE_FRAMES, where by default only the
 * hovered or selected event's (or relation's) arcs are drawn.
 */
import { useSyncExternalStore } from 'react';
import { DENSE_FRAMES, type EventStore } from './index';

export function ArcsToggle({ events }: { events: EventStore }) {
  const ev = useSyncExternalStore(events.subscribe, events.getState);
  if (ev.events.size + ev.relations.size <= DENSE_FRAMES) return null;
  return (
    <label className="arcs-toggle" title="Many events here: by default only the hovered or selected frame's arcs are drawn">
      <input type="checkbox" data-testid="all-arcs" checked={ev.allArcs} onChange={(e) => events.setAllArcs(e.target.checked)} /> All arcs
    </label>
  );
}
