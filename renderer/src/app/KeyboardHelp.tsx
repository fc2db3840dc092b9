import type { Schema } from '../../../annotations/model';

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
export function KeyboardHelp({ schema }: { schema: Schema | null }) {
  const range = keyRange((schema?.entityTypes ?? []).filter((t) => !t.abstract).map((t) => t.hotkey ?? ''));
  return (
    <section className="help" aria-label="Keyboard help">
      <div className="panel-head">
        <h2>Keys</h2>
      </div>
      <dl>
        <dt>
          <kbd>{range}</kbd>
        </dt>
        <dd>tag the selection (mouse or Shift+arrows); it snaps to whole words</dd>
        <dt>
          <kbd>Alt</kbd>+<kbd>{range}</kbd>
        </dt>
        <dd>
          tag the <b>exact characters</b>, e.g. <bdi lang="he">קזחסטן</bdi> in <bdi lang="he">בקזחסטן</bdi>. Holding{' '}
          <kbd>Alt</kbd> while dragging does the same (where the desktop moves windows on Alt+drag, use Alt+key)
        </dd>
        <dt>click</dt>
        <dd>select a mention (the innermost), or click its label</dd>
        <dt>
          <kbd>{range}</kbd> on a mention
        </dt>
        <dd>change its type</dd>
        <dt>
          <kbd>Del</kbd> <kbd>⌫</kbd>
        </dt>
        <dd>delete the selected mention</dd>
        <dt>
          <kbd>Esc</kbd>
        </dt>
        <dd>deselect</dd>
        <dt>
          <kbd>Ctrl</kbd>+<kbd>Z</kbd>
        </dt>
        <dd>undo (kept in the project, also after a restart)</dd>
        <dt>
          <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> · <kbd>Ctrl</kbd>+<kbd>Y</kbd>
        </dt>
        <dd>redo</dd>
        <dt>
          <kbd>←</kbd> <kbd>→</kbd>
        </dt>
        <dd>move visually: in Hebrew and Arabic → goes to the previous letter</dd>
      </dl>
    </section>
  );
}
