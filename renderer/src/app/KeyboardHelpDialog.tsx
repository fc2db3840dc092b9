import { useEffect, useRef } from 'react';
import type { Schema } from '../../../annotations/model';
import { keyHelp, type HelpScreen } from '../editor/keymap';
import { useT } from '../i18n';

/**
 * `?`: every key of the window in a dialog, generated from the keymap (editor/keymap.ts keyHelp:
 * the tables the handlers read, and the schema's hotkeys), the current screen's first.
 */
export function KeyboardHelpDialog({ schema, open, reviewing, onClose }: { schema: Schema | null; open: boolean; reviewing: boolean; onClose(): void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);
  const lines = keyHelp(schema);
  const screens: HelpScreen[] = reviewing ? ['review', 'window', 'annotate', 'events'] : ['annotate', 'events', 'window', 'review'];
  return (
    <dialog
      ref={ref}
      className="dialog key-help"
      aria-labelledby="key-help-title"
      data-testid="key-help"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="key-help-title">{t('help.title')}</h2>
      <div className="key-help-groups">
        {screens.map((screen) => (
          <section key={screen} className="key-help-group" data-screen={screen}>
            <h3>{t(`help.screen.${screen}`)}</h3>
            <dl>
              {lines
                .filter((l) => l.screen === screen)
                .map((l, i) => (
                  <div key={i} className="key-help-line">
                    <dt>
                      {l.keys.map((chord, j) => (
                        <span key={j} className="key-chord">
                          {j > 0 ? ' · ' : null}
                          {chord.map((k, n) => (
                            <span key={n}>
                              {n > 0 ? '+' : null}
                              <kbd>{k}</kbd>
                            </span>
                          ))}
                        </span>
                      ))}
                    </dt>
                    <dd>{t(l.help, l.values)}</dd>
                  </div>
                ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn btn-primary" onClick={onClose}>
          {t('help.close')}
        </button>
      </div>
    </dialog>
  );
}
