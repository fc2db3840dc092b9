import { useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import type { EntityType, Schema } from '../../../annotations/model';
import { useLocale, useT, type Translate } from '../i18n';

interface Props {
  schema: Schema | null;
  /** Tag the selection (exact: Alt held with the click). */
  onLabel(type: string, exact: boolean): void;
}

const GAP = 5;

function title(t: EntityType, tr: Translate): string {
  const description = t.description ? `${t.description} — ` : '';
  return t.hotkey ? tr('legend.title', { description, key: t.hotkey }) : tr('legend.titleNoKey', { description });
}

function Pill({ type, className, tr, onLabel }: { type: EntityType; className: string; tr: Translate; onLabel?: Props['onLabel'] }) {
  if (!onLabel) {
    // The measuring copy: the same box, not a control.
    return (
      <span className={className}>
        <span className="swatch" aria-hidden="true" />
        <span className="legend-name">{type.name}</span>
        {type.hotkey ? <kbd>{type.hotkey}</kbd> : null}
      </span>
    );
  }
  return (
    <button
      type="button"
      className={className}
      style={{ '--c': type.color } as CSSProperties}
      title={title(type, tr)}
      data-type={type.name}
      onMouseDown={(e) => e.preventDefault()}
      onClick={(e) => onLabel(type.name, e.altKey)}
    >
      <span className="swatch" aria-hidden="true" />
      <span className="legend-name">{type.name}</span>
      {type.hotkey ? <kbd>{type.hotkey}</kbd> : null}
    </button>
  );
}

/**
 * The schema's entity types with their colours and hotkeys; clicking one tags the selection. One
 * line, never wrapped: the types that do not fit are behind a "+N" button at its end, whose list
 * tags the same way (their hotkeys work whether shown or not). Widths are read from a hidden copy
 * of the line, again when the window, the language or the schema changes.
 */
export function Legend({ schema, onLabel }: Props) {
  const tr = useT();
  const locale = useLocale();
  const types = schema?.entityTypes.filter((t) => !t.abstract) ?? [];
  const row = useRef<HTMLDivElement>(null);
  const measure = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState(types.length);
  const [open, setOpen] = useState(false);
  const key = types.map((t) => `${t.name}:${t.hotkey ?? ''}`).join('|');

  useLayoutEffect(() => {
    const el = row.current;
    const m = measure.current;
    if (!el || !m) return;
    const compute = () => {
      const widths = [...m.children].map((c) => c.getBoundingClientRect().width);
      const more = widths.pop() ?? 0;
      const avail = el.clientWidth;
      const all = widths.reduce((s, w) => s + w + GAP, -GAP);
      let n = widths.length;
      if (all > avail + 0.5) {
        let used = more;
        n = 0;
        for (const w of widths) {
          if (used + GAP + w > avail + 0.5) break;
          used += GAP + w;
          n++;
        }
      }
      setFit(n);
    };
    compute();
    const ro = new ResizeObserver(compute);
    ro.observe(el);
    void document.fonts?.ready.then(compute);
    return () => ro.disconnect();
  }, [key, locale]);

  if (!schema) return null;
  const shown = types.slice(0, fit);
  const rest = types.slice(fit);
  return (
    <div className="legend-wrap" ref={row}>
      <div className="legend" role="toolbar" aria-label={tr('legend.label')}>
        {shown.map((t) => (
          <Pill key={t.name} type={t} className="legend-pill legend-item" tr={tr} onLabel={onLabel} />
        ))}
        {rest.length > 0 ? (
          <button type="button" className="legend-pill legend-more" dir="ltr" aria-expanded={open} title={tr('legend.moreTitle')} data-testid="legend-more" onMouseDown={(e) => e.preventDefault()} onClick={() => setOpen(!open)}>
            {tr('legend.more', { n: rest.length })}
          </button>
        ) : null}
      </div>
      {open && rest.length > 0 ? (
        <div className="legend-rest popover" role="toolbar" aria-label={tr('legend.label')} data-testid="legend-rest">
          {rest.map((t) => (
            <Pill
              key={t.name}
              type={t}
              className="legend-pill legend-item"
              tr={tr}
              onLabel={(name, exact) => {
                setOpen(false);
                onLabel(name, exact);
              }}
            />
          ))}
        </div>
      ) : null}
      <div className="legend-measure-clip" aria-hidden="true">
        <div className="legend-measure" ref={measure}>
          {types.map((t) => (
            <Pill key={t.name} type={t} className="legend-pill" tr={tr} />
          ))}
          <span className="legend-pill legend-more">{tr('legend.more', { n: 88 })}</span>
        </div>
      </div>
    </div>
  );
}
