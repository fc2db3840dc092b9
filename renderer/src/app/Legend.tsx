import type { CSSProperties } from 'react';
import type { Schema } from '../../../annotations/model';
import { useT } from '../i18n';

interface Props {
  schema: Schema | null;
  /** Tag the selection (exact: Alt held with the click). */
  onLabel(type: string, exact: boolean): void;
}

/** The schema's entity types with their colours and hotkeys; clicking one tags the selection. */
export function Legend({ schema, onLabel }: Props) {
  const tr = useT();
  if (!schema) return null;
  return (
    <div className="legend" role="toolbar" aria-label={tr('legend.label')}>
      {schema.entityTypes.filter((t) => !t.abstract).map((t) => (
        <button
          key={t.name}
          type="button"
          className="legend-item"
          style={{ '--c': t.color } as CSSProperties}
          title={t.hotkey ? tr('legend.title', { description: t.description ? `${t.description} — ` : '', key: t.hotkey }) : tr('legend.titleNoKey', { description: t.description ? `${t.description} — ` : '' })}
          data-type={t.name}
          onMouseDown={(e) => e.preventDefault()}
          onClick={(e) => onLabel(t.name, e.altKey)}
        >
          <span className="swatch" aria-hidden="true" />
          <span className="legend-name">{t.name}</span>
          {t.hotkey ? <kbd>{t.hotkey}</kbd> : null}
        </button>
      ))}
    </div>
  );
}
