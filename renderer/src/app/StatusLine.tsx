import { useSyncExternalStore } from 'react';
import type { SaveState as Saves, StatusMessage } from '../state/workspace';
import { useT } from '../i18n';

/** A quiet word at the end of the status line: every change is stored at once, and this says so. */
function SaveState({ saves }: { saves: Saves }) {
  const t = useT();
  const { state } = useSyncExternalStore(saves.subscribe, saves.getState);
  return (
    <span className={`save-state is-${state}`} data-testid="save-state" data-state={state} title={t('save.title')}>
      {state === 'saving' ? t('save.saving') : state === 'failed' ? t('save.failed') : t('save.saved')}
    </span>
  );
}

interface Props {
  saves?: Saves;
  messages: StatusMessage[];
  idle: string;
  onDismiss(id: number): void;
}

/** Errors stay until dismissed; the latest info replaces the previous one. */
export function StatusLine({ saves, messages, idle, onDismiss }: Props) {
  const t = useT();
  return (
    <footer className="status-line" role="status" aria-live="polite">
      {messages.length === 0 ? <span className="status-idle">{idle}</span> : null}
      {messages.map((m) => (
        <div
          key={m.id}
          className={`status-msg status-${m.kind}`}
          role={m.kind === 'error' ? 'alert' : undefined}
          data-code={m.code}
        >
          <span className="status-icon" aria-hidden="true">
            {m.kind === 'error' ? '!' : 'i'}
          </span>
          <span className="status-text">{m.text}</span>
          {m.code ? <code className="status-code">{m.code}</code> : null}
          <button type="button" className="status-dismiss" aria-label={t('status.dismiss')} title={t('status.dismiss')} onClick={() => onDismiss(m.id)}>
            ×
          </button>
        </div>
      ))}
      {saves ? <SaveState saves={saves} /> : null}
    </footer>
  );
}
