import type { StatusMessage } from '../state/workspace';
import { useT } from '../i18n';

interface Props {
  messages: StatusMessage[];
  idle: string;
  onDismiss(id: number): void;
}

/** Errors stay until dismissed; the latest info replaces the previous one. */
export function StatusLine({ messages, idle, onDismiss }: Props) {
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
    </footer>
  );
}
