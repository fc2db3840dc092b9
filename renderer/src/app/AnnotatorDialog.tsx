import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../contract';
import type { AnnotatorDialogState } from '../state/workspace';
import { useT } from '../i18n';

interface Props {
  state: AnnotatorDialogState;
  current: string | null;
  known: string[];
  onSubmit(name: string): Promise<ApiError | null>;
  onCancel(): void;
}

/**
 * Who is annotating: asked on first start (not dismissable then: every mention records its
 * annotator), and from the header or the menu to switch.
 */
export function AnnotatorDialog({ state, current, known, onSubmit, onCancel }: Props) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = state !== 'closed';
  const required = state === 'required';

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setName(current ?? '');
      setError(null);
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open, current]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError(t('annotator.enterName'));
      return;
    }
    setBusy(true);
    const err = await onSubmit(trimmed);
    setBusy(false);
    if (err) setError(err.message);
  };

  const others = known.filter((k) => k !== current);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="annotator-title"
      onCancel={(e) => {
        e.preventDefault();
        if (!required) onCancel();
      }}
    >
      <form method="dialog" onSubmit={submit}>
        <h2 id="annotator-title">{required ? t('annotator.welcome') : t('annotator.change')}</h2>
        <p className="dialog-lead">
          {required
            ? t('annotator.who')
            : t('annotator.switchTo')}
        </p>
        <label className="field">
          <span>{t('annotator.name')}</span>
          <input
            name="annotator"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'annotator-error' : undefined}
          />
        </label>
        {others.length > 0 ? (
          <div className="known">
            <span>{t('annotator.known')}</span>
            {others.map((k) => (
              <button key={k} type="button" className="chip-btn" onClick={() => setName(k)}>
                {k}
              </button>
            ))}
          </div>
        ) : null}
        {error ? (
          <p id="annotator-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          {!required ? (
            <button type="button" className="btn" onClick={onCancel}>
              {t('annotator.cancel')}
            </button>
          ) : null}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {required ? t('annotator.start') : t('annotator.switch')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
