import { useEffect, useRef } from 'react';
import type { Schema } from '../../../annotations/model';
import { keyHelp, type HelpScreen } from '../editor/keymap';
import { useT } from '../i18n';

const ORDER = '1234567890abcdefghijklmnopqrstuvwxyz';

/** "1–9, 0", "1–8", "1–5, a, c": the entity type keys in keyboard order, runs shortened. */
export function keyRange(hotkeys: string[]): string {
  const keys = [...new Set(hotkeys.map((k) => k.toLowerCase()).filter((k) => k.length === 1 && ORDER.includes(k)))].sort(
    (a, b) => ORDER.indexOf(a) - ORDER.indexOf(b),
  );
  if (keys.length === 0) return '1–8';
  const runs: string[][] = [];
  for (const k of keys) {
    const run = runs[runs.length - 1];
    const prev = run?.[run.length - 1];
    // 9 → 0 is the end of the digit row, not a run.
    if (run && prev !== undefined && ORDER.indexOf(k) === ORDER.indexOf(prev) + 1 && !(prev === '9' && k === '0') && !(prev === '0')) run.push(k);
    else runs.push([k]);
  }
  return runs.map((r) => (r.length > 2 ? `${r[0]}–${r[r.length - 1]}` : r.join(', '))).join(', ');
}

/** The keys, always in view. */
export function KeyboardHelp({ schema, onAll }: { schema: Schema | null; onAll?(): void }) {
  const t = useT();
  const range = keyRange((schema?.entityTypes ?? []).filter((t) => !t.abstract).map((t) => t.hotkey ?? ''));
  return (
    <section className="help" aria-label={t('keys.label')}>
      <div className="panel-head">
        <h2>{t('keys.title')}</h2>
        {onAll ? (
          <button type="button" className="ev-small" onClick={onAll} data-testid="key-help-open">
            {t('help.open')}
          </button>
        ) : null}
      </div>
      <dl>
        <dt>
          <kbd>{range}</kbd>
        </dt>
        <dd>{t('keys.tag')}</dd>
        <dt>
          <kbd>Alt</kbd>+<kbd>{range}</kbd>
        </dt>
        <dd>
          {t('keys.exactBefore')} <b>{t('keys.exactStrong')}</b>, {t('keys.exactExample', { part: '\u2068קזחסטן\u2069', word: '\u2068בקזחסטן\u2069' })}{' '}
          {t('keys.exactAlt')}
        </dd>
        <dt>{t('keys.click')}</dt>
        <dd>{t('keys.clickWhat')}</dd>
        <dt>
          <kbd>{range}</kbd> {t('keys.onMention')}
        </dt>
        <dd>{t('keys.changeType')}</dd>
        <dt>
          <kbd>Del</kbd> <kbd>⌫</kbd>
        </dt>
        <dd>{t('keys.delete')}</dd>
        <dt>
          <kbd>Esc</kbd>
        </dt>
        <dd>{t('keys.deselect')}</dd>
        <dt>
          <kbd>Ctrl</kbd>+<kbd>Z</kbd>
        </dt>
        <dd>{t('keys.undo')}</dd>
        <dt>
          <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> · <kbd>Ctrl</kbd>+<kbd>Y</kbd>
        </dt>
        <dd>{t('keys.redo')}</dd>
        <dt>
          <kbd>←</kbd> <kbd>→</kbd>
        </dt>
        <dd>{t('keys.arrows')}</dd>
        <dt>
          <kbd>o</kbd> {t('keys.onMention')}
        </dt>
        <dd>{t('keys.occurrences')}</dd>
        <dt>
          <kbd>n</kbd> <kbd>p</kbd>
        </dt>
        <dd>{t('keys.nextSuggestion')}</dd>
        <dt>
          <kbd>Enter</kbd> <kbd>y</kbd> · <kbd>x</kbd>
        </dt>
        <dd>{t('keys.acceptReject', { range })}</dd>
        <dt>
          <kbd>Shift</kbd>+<kbd>Enter</kbd>
        </dt>
        <dd>{t('keys.acceptAll')}</dd>
      </dl>
    </section>
  );
}

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
