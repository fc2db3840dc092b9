import type { Schema } from '../../../annotations/model';
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
