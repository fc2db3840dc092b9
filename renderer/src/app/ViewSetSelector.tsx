/**
 * "Showing": which annotation set the document view shows. The own set is editable; any other
 * (the reference annotations that came with the project, a colleague's, gold) is shown read-only
 * (WorkspaceState.viewSet). A newcomer whose own set is still empty is pointed at the reference set
 * (SampleHint, in the empty mention list: not in the header, which would jump when it goes).
 */
import { useSyncExternalStore } from 'react';
import type { Workspace, WorkspaceState } from '../state/workspace';
import { GOLD_SET } from '../../../annotations/model';
import { useT } from '../i18n';

export function ViewSetSelector({ state, ws }: { state: Omit<WorkspaceState, 'messages'>; ws: Workspace }) {
  const t = useT();
  const session = state.session;
  if (!session) return null;
  const me = session.annotator;
  const reference = session.referenceSet;
  const others = session.annotators.filter((a) => a !== me && a !== reference && a !== GOLD_SET);
  const sets = [...(reference ? [reference] : []), ...others, ...(me === GOLD_SET ? [] : [GOLD_SET])];
  return (
    <span className="view-set">
      <label title={t('doc.showingTitle')}>
        {t('doc.showing')}{' '}
        <select
          aria-label={t('doc.showing')}
          data-testid="view-set"
          value={state.viewSet ?? ''}
          onChange={(e) => void ws.setViewSet(e.target.value || null)}
        >
          <option value="">{me ? t('doc.mineOf', { name: me }) : t('doc.mine')}</option>
          {sets.map((s) => (
            <option key={s} value={s}>
              {t('doc.readOnlySet', { name: s })}
            </option>
          ))}
        </select>
      </label>
    </span>
  );
}

/** For a newcomer whose own set is still empty: a link to the project's sample annotations. */
export function SampleHint({ state, ws }: { state: Omit<WorkspaceState, 'messages'>; ws: Workspace }) {
  const t = useT();
  const reference = state.session?.referenceSet;
  const ownEmpty = useSyncExternalStore(ws.list.subscribe, ws.list.getState).own === 0;
  if (state.viewSet !== null || !reference || !ownEmpty) return null;
  return (
    <button type="button" className="view-set-hint" data-testid="view-set-hint" onClick={() => void ws.setViewSet(reference)}>
      {t('doc.sampleHint', { name: reference })}
    </button>
  );
}
