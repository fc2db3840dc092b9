import type { Schema } from '../../../annotations/model';

/** The keys, always in view. */
export function KeyboardHelp({ schema }: { schema: Schema | null }) {
  const keys = (schema?.entityTypes ?? []).filter((t) => t.hotkey).map((t) => t.hotkey);
  const range = keys.length > 0 ? `${keys[0]}–${keys[keys.length - 1]}` : '1–8';
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
          tag the <b>exact characters</b>, e.g. קזחסטן in בקזחסטן. Holding <kbd>Alt</kbd> while dragging does the same
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
