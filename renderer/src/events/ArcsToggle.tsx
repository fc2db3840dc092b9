/**
 * "All arcs": shown when a document has more frames than DENSE_FRAMES, where by default only the
 * hovered or selected event's (or relation's) arcs are drawn.
 */
import { useSyncExternalStore } from 'react';
import { DENSE_FRAMES } from '../state/interaction';
import type { Workspace } from '../state/workspace';
import { useT } from '../i18n';

export function ArcsToggle({ ws }: { ws: Workspace }) {
  const t = useT();
  const events = ws.interaction;
  const ev = useSyncExternalStore(events.subscribe, events.getState);
  // Whether the switch is shown at all, not the document's every change (a label redrew it).
  const dense = useSyncExternalStore(ws.doc.subscribe, () => ws.doc.getState().events.size + ws.doc.getState().relations.size > DENSE_FRAMES);
  if (!dense) return null;
  return (
    <label className="arcs-toggle" title={t('doc.allArcsTitle')}>
      <input type="checkbox" data-testid="all-arcs" checked={ev.allArcs} onChange={(e) => events.setAllArcs(e.target.checked)} /> {t('doc.allArcs')}
    </label>
  );
}
