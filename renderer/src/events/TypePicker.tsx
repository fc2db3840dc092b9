/**
 * The filterable type list: event types for a new event (or a new type for the selected one),
 * relation types for two mentions, each with its description from the schema (the project's
 * guidelines for that type). Type to filter (names and descriptions), arrows to move, Enter to
 * choose, Escape to close. A modal <dialog>: the editor's keys are off while it is open.
 */
import { useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { acceptsType } from '../../../annotations/validate';
import type { Workspace } from '../state/workspace';
import { t } from '../i18n';

interface Item {
  name: string;
  hint: string;
  hotkey: string | null;
}

export function TypePicker({ ws, onClosed }: { ws: Workspace; onClosed(): void }) {
  const events = ws.interaction;
  // The picker and the schema only: it is drawn again when they change, not at every selection or label.
  const picker = useSyncExternalStore(events.subscribe, () => events.getState().picker);
  const dialog = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const schema = useSyncExternalStore(ws.subscribe, () => ws.getState().session?.schema ?? null);

  const items = useMemo<Item[]>(() => {
    if (!picker || !schema) return [];
    if (picker.mode === 'relation') {
      const a = ws.doc.getState().mentions.get(picker.arg1);
      const b = ws.doc.getState().mentions.get(picker.arg2);
      return schema.relationTypes.map((r) => {
        const fits = !a || !b || (acceptsType(schema, r.arg1.types, a.type) && acceptsType(schema, r.arg2.types, b.type));
        return { name: r.name, hint: `${fits ? '' : t('picker.noFit')}${r.description ?? ''}`, hotkey: null, fits };
      }).sort((x, y) => Number(y.fits) - Number(x.fits));
    }
    return schema.eventTypes.filter((t) => !t.abstract).map((t) => ({ name: t.name, hint: t.description ?? '', hotkey: t.hotkey }));
  }, [picker, schema, ws]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? items.filter((i) => i.name.toLowerCase().includes(q) || i.hint.toLowerCase().includes(q)) : items;
  }, [items, query]);

  // A layout effect: the filter is emptied (a re-render) before the dialog takes any key, so the
  // first letters typed into a reopened picker never land after the last query.
  useLayoutEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (picker && !d.open) {
      setQuery('');
      setActive(0);
      d.showModal();
    }
    if (!picker && d.open) d.close();
  }, [picker]);

  const choose = (name: string | undefined) => {
    const p = events.getState().picker;
    events.closePicker();
    onClosed();
    if (!name || !p) return;
    if (p.mode === 'event') void events.createEvent(p.span, name);
    else if (p.mode === 'retype') void ws.doc.retypeEvent(p.eventId, name);
    else void events.createRelation(name, p.arg1, p.arg2);
  };

  return (
    <dialog
      ref={dialog}
      className="ev-picker"
      aria-label={picker?.mode === 'relation' ? t('picker.relation') : t('picker.event')}
      data-testid="type-picker"
      onCancel={(e) => {
        e.preventDefault();
        events.closePicker();
        onClosed();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          choose(shown[Math.min(active, shown.length - 1)]?.name);
        }}
      >
        <input
          autoFocus
          value={query}
          placeholder={picker?.mode === 'relation' ? t('picker.relationPlaceholder') : t('picker.eventPlaceholder')}
          aria-label={t('picker.filter')}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(0, Math.min(shown.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
            }
          }}
        />
        <ul role="listbox">
          {shown.map((i, n) => (
            <li
              key={i.name}
              role="option"
              aria-selected={n === active}
              className={n === active ? 'is-active' : ''}
              onMouseEnter={() => setActive(n)}
              onClick={() => choose(i.name)}
              title={i.hint || undefined}
            >
              <span className="pick-line">
                <span className="type-name">{i.name}</span>
                {i.hotkey ? <kbd className="hk">{i.hotkey}</kbd> : null}
              </span>
              {i.hint ? (
                <span className="type-desc" dir="auto">
                  {i.hint}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </form>
    </dialog>
  );
}
