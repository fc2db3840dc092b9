import { memo, useEffect, useState, useSyncExternalStore } from 'react';
import type { EndpointSettings as Settings } from '../contract';
import { call } from '../bridge';
import type { Workspace } from '../state/workspace';
import { t as translate, useT } from '../i18n';

/** Saves the external recommender's settings in the project, then asks for the suggestions again (the service forgets its answers). */
export async function saveEndpoint(ws: Workspace, settings: Settings): Promise<boolean> {
  const r = await call('suggestions.setEndpoint', settings);
  if (!r.ok) {
    ws.reportError(r.error, translate('suggest.cannotEndpoint'));
    return false;
  }
  await ws.suggestions.refresh();
  return true;
}

/**
 * The external recommender in the suggestions panel (electron/service/recommenderEndpoint.ts):
 * what it did for this document (asking, how many it suggested, why it failed, each item of its
 * answer that was refused), and its settings — on/off, the URL (this machine only), the timeout —
 * kept in the project. Off by default; its errors are shown here and never stop annotating.
 */
export const EndpointSettings = memo(function EndpointSettings({ ws }: { ws: Workspace }) {
  const t = useT();
  // only the recommender's part of the suggestions' state: a label that takes a suggestion out of
  // the list does not draw this form again (React sets each input's name and type on every render)
  const e = useSyncExternalStore(ws.suggestions.subscribe, () => ws.suggestions.getState().endpoint);
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState('');
  const [enabled, setEnabled] = useState(false);
  const [timeoutMs, setTimeoutMs] = useState(5000);
  // the form follows the project's settings whenever they change there
  const savedUrl = e?.url;
  const savedEnabled = e?.enabled;
  const savedTimeout = e?.timeoutMs;
  useEffect(() => {
    if (savedUrl === undefined || savedEnabled === undefined || savedTimeout === undefined) return;
    setUrl(savedUrl);
    setEnabled(savedEnabled);
    setTimeoutMs(savedTimeout);
  }, [savedUrl, savedEnabled, savedTimeout]);
  const keep = (ev: { preventDefault(): void }) => ev.preventDefault();
  let status: string;
  if (!e || e.state === 'off') status = t('suggest.endpoint.off');
  else if (e.state === 'asking') status = t('suggest.endpoint.asking');
  else if (e.state === 'failed') status = t('suggest.endpoint.failed', { error: e.error ?? '' });
  else status = t('suggest.endpoint.answered', { n: e.suggested });
  const save = () => void saveEndpoint(ws, { url: url.trim(), enabled, timeoutMs });
  return (
    <details className="suggest-endpoint" data-testid="suggest-endpoint" data-state={e?.state ?? 'off'} open={open} onToggle={(ev) => setOpen((ev.target as HTMLDetailsElement).open)}>
      <summary>
        {t('suggest.endpoint.title')}
        {': '}
        <span className="suggest-endpoint-status" data-testid="suggest-endpoint-status">
          {status}
        </span>
      </summary>
      {e && e.refusedCount > 0 ? (
        <div className="suggest-endpoint-refused" data-testid="suggest-endpoint-refused">
          <p>{t('suggest.endpoint.refused', { n: e.refusedCount })}</p>
          <ul>
            {e.refused.map((r) => (
              <li key={r.index}>{t('suggest.endpoint.refusedItem', { index: r.index, reason: r.reason })}</li>
            ))}
            {e.refusedCount > e.refused.length ? <li>{t('suggest.endpoint.more', { n: e.refusedCount - e.refused.length })}</li> : null}
          </ul>
        </div>
      ) : null}
      <form
        className="suggest-controls"
        onSubmit={(ev) => {
          ev.preventDefault();
          save();
        }}
      >
        <label>
          <input type="checkbox" data-testid="suggest-endpoint-enabled" checked={enabled} onChange={(ev) => setEnabled(ev.target.checked)} /> {t('suggest.endpoint.enabled')}
        </label>
        <label className="suggest-endpoint-url" title={t('suggest.endpoint.urlTitle')}>
          {t('suggest.endpoint.url')}{' '}
          <input type="text" dir="ltr" spellCheck={false} data-testid="suggest-endpoint-url" value={url} onChange={(ev) => setUrl(ev.target.value)} />
        </label>
        <label>
          {t('suggest.endpoint.timeout')}{' '}
          <input type="number" min={100} max={600000} step={100} data-testid="suggest-endpoint-timeout" value={timeoutMs} onChange={(ev) => setTimeoutMs(Math.round(Number(ev.target.value)))} />
        </label>
        <button type="submit" className="btn btn-small" data-testid="suggest-endpoint-save" onMouseDown={keep} title={t('suggest.endpoint.saveTitle')}>
          {t('suggest.endpoint.save')}
        </button>
      </form>
    </details>
  );
});
