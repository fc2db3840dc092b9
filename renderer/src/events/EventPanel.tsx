/**
 * The side panel of events and relations: the document's event frames (type, trigger, roles
 * filled and missing; hover highlights a frame and its arguments, click selects it), the selected
 * event's roles (arm one, see its fillers, remove them), and the attributes and note of the
 * selected event, relation or mention.
 */
import { memo, useSyncExternalStore, type CSSProperties } from 'react';
import type { AnnotationKind, AttributeValues, EventMention, RoleDef, Schema } from '../../../annotations/model';
import { cardinalityBounds } from '../../../annotations/schema';
import { attributeApplies } from '../../../annotations/validate';
import type { ParagraphTable } from '../offsets/ParagraphTable';
import type { DocumentSession } from '../state/documentSession';
import type { Workspace } from '../state/workspace';
import { useT } from '../i18n';

interface Props {
  ws: Workspace;
  table: ParagraphTable | null;
}

function roleSummary(e: EventMention, roles: RoleDef[]) {
  const filled = roles.filter((r) => e.arguments.some((a) => a.role === r.name));
  const missing = roles.filter((r) => (cardinalityBounds(r.cardinality)?.min ?? 0) > 0 && !e.arguments.some((a) => a.role === r.name));
  return { filled, missing, empty: roles.length - filled.length };
}

export function AttributeEditor({
  schema,
  kind,
  type,
  id,
  values,
  note,
  doc,
}: {
  schema: Schema;
  kind: AnnotationKind;
  type: string;
  id: string;
  values: AttributeValues;
  note: string;
  doc: DocumentSession;
}) {
  const t = useT();
  const defs = schema.attributes.filter((a) => attributeApplies(schema, a.name, kind, type));
  const target = { kind, id };
  return (
    <>
      {defs.length > 0 ? (
        <div className="ev-attrs" data-testid="attributes">
          {defs.map((a) =>
            a.values.length === 0 ? (
              <label key={a.name} style={{ gridColumn: '1 / span 2' }} title={a.description}>
                <input
                  type="checkbox"
                  checked={values[a.name] === true}
                  onChange={(e) => void doc.setAttribute(target, a.name, e.target.checked ? true : null)}
                />{' '}
                {a.name}
              </label>
            ) : (
              <label key={a.name} style={{ display: 'contents' }} title={a.description}>
                <span>{a.name}</span>
                <select
                  value={typeof values[a.name] === 'string' ? (values[a.name] as string) : ''}
                  onChange={(e) => void doc.setAttribute(target, a.name, e.target.value === '' ? null : e.target.value)}
                >
                  <option value="">—</option>
                  {a.values.map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              </label>
            ),
          )}
        </div>
      ) : null}
      <textarea
        key={`${kind}:${id}:${note}`}
        className="ev-note"
        placeholder={t('attr.notePlaceholder')}
        aria-label={t('attr.note')}
        defaultValue={note}
        onBlur={(e) => {
          if (e.target.value !== note) void doc.setNote(target, e.target.value.trim());
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            e.currentTarget.blur();
          }
        }}
      />
    </>
  );
}

export const EventPanel = memo(function EventPanel({ ws, table }: Props) {
  const t = useT();
  const events = ws.interaction;
  const ev = useSyncExternalStore(events.subscribe, events.getState);
  const schema = useSyncExternalStore(ws.subscribe, () => ws.getState().session?.schema ?? null);
  const viewSet = useSyncExternalStore(ws.subscribe, () => ws.getState().viewSet);
  const docState = useSyncExternalStore(ws.doc.subscribe, ws.doc.getState);
  const mentions = docState.mentions;
  const text = (s: { start: number; end: number; fragments?: { start: number; end: number }[] }) =>
    table ? (s.fragments && s.fragments.length > 1 ? s.fragments.map((f) => table.slice(f)).join(' … ') : table.slice(s)) : '';
  /** What an argument or relation end shows: a mention's text, or an event's type and trigger ("E3"). */
  const filler = (id: string): string | null => {
    const e = /^E\d+$/.test(id) ? docState.events.get(id) : undefined;
    if (e) return `${e.type} “${text({ start: e.triggerStart, end: e.triggerEnd })}”`;
    const m = mentions.get(id);
    return m ? text(m) : null;
  };
  const lang = table && table.docLang !== 'other' ? table.docLang : undefined;
  const colors = new Map((schema?.eventTypes ?? []).map((t) => [t.name, t.color]));
  const list = [...docState.events.values()].sort((a, b) => a.triggerStart - b.triggerStart);
  const selectedEvent = ev.selection?.kind === 'event' ? docState.events.get(ev.selection.id) : undefined;
  const selectedRelation = ev.selection?.kind === 'relation' ? docState.relations.get(ev.selection.id) : undefined;
  const selectedMention = docState.selectedId ? mentions.get(docState.selectedId) : undefined;
  const candidate = ev.candidate ? mentions.get(ev.candidate) : undefined;

  return (
    // Another annotator's set is shown read-only: every input and button of the panel is disabled.
    <fieldset className="ro-fieldset" disabled={viewSet !== null}>
      <section className="ev-panel" aria-label={t('events.title')} data-testid="event-panel">
        <div className="panel-head">
          <h2>{t('events.title')}</h2>
          <span className="count">{docState.events.size}</span>
        </div>
        {list.length === 0 ? <p className="ev-hint">{t('events.none')}</p> : null}
        <ul className="ev-list" onMouseLeave={() => events.setHover(null)}>
          {list.map((e) => {
            const roles = events.eventType(e.type)?.roles ?? [];
            const { filled, missing, empty } = roleSummary(e, roles);
            return (
              <li
                key={e.id}
                className={`ev-frame${ev.selection?.id === e.id ? ' is-selected' : ''}${ev.hover === e.id ? ' is-hover' : ''}`}
                data-event-id={e.id}
                onMouseEnter={() => events.setHover(e.id)}
                onClick={() => events.selectEvent(e.id, true)}
              >
                <div className="ev-frame-head">
                  <span className="ev-type" style={{ '--c': colors.get(e.type) ?? '#ddd' } as CSSProperties}>
                    {e.type}
                  </span>
                  <span className="ev-trigger-text" lang={lang} dir="auto">
                    <bdi>{text({ start: e.triggerStart, end: e.triggerEnd })}</bdi>
                  </span>
                </div>
                <div className="ev-roles-line">
                  {filled.length === 0 ? <span className="none">{t('events.noArguments')} · </span> : null}
                  {filled.map((r) => (
                    <span key={r.name} className="filled" data-role={r.name}>
                      {r.name}:{' '}
                      {e.arguments
                        .filter((a) => a.role === r.name)
                        .map((a) => filler(a.mentionId) ?? a.mentionId)
                        .map((t, i) => (
                          <bdi key={i} lang={lang}>
                            {i > 0 ? ', ' : ''}
                            {t}
                          </bdi>
                        ))}
                      {' · '}
                    </span>
                  ))}
                  {missing.length > 0 ? <span className="missing">{t('events.missing', { roles: missing.map((r) => r.name).join(', ') })} · </span> : null}
                  <span className="empty">{t('events.empty', { n: empty })}</span>
                </div>
              </li>
            );
          })}
        </ul>
      </section>

      {selectedEvent && schema ? (
        <section className="ev-panel" aria-label={t('events.selected')} data-testid="role-panel" data-event-id={selectedEvent.id}>
          <div className="panel-head">
            <h2>
              <span className="type-name">{selectedEvent.type}</span>{' '}
              <bdi className="ev-heading-trigger" lang={lang} dir="auto">
                “{text({ start: selectedEvent.triggerStart, end: selectedEvent.triggerEnd })}”
              </bdi>
            </h2>
            <button type="button" className="ev-small" title={t('events.deleteTitle')} onClick={() => void events.deleteEvent(selectedEvent.id)}>
              {t('events.delete')}
            </button>
          </div>
          <p className="ev-hint">{t('events.roleKeys')}</p>
          <table className="ev-role-table">
            <tbody>
              {(events.eventType(selectedEvent.type)?.roles ?? []).map((r) => {
                const fillers = selectedEvent.arguments.filter((a) => a.role === r.name);
                const min = cardinalityBounds(r.cardinality)?.min ?? 0;
                return (
                  <tr
                    key={r.name}
                    className={`ev-role-row${ev.armedRole === r.name ? ' is-armed' : ''}${fillers.length < min ? ' is-missing' : ''}`}
                    data-role={r.name}
                    data-filled={fillers.length}
                    onClick={() => events.arm(r.name)}
                  >
                    <td className="ev-role-name">
                      {r.name} <span className="ev-card">{r.cardinality}</span>
                    </td>
                    <td>
                      {fillers.map((a) => {
                        const m = filler(a.mentionId);
                        return (
                          <span key={a.mentionId} className="ev-filler" data-mention-id={a.mentionId}>
                            <bdi lang={lang}>{m ?? a.mentionId}</bdi>
                            <button
                              type="button"
                              aria-label={t('events.removeArgument', { role: r.name })}
                              onClick={(e) => {
                                e.stopPropagation();
                                void ws.doc.removeArgument(selectedEvent.id, r.name, a.mentionId);
                              }}
                            >
                              ×
                            </button>
                          </span>
                        );
                      })}
                      {fillers.length === 0 ? <span className="ev-card">{r.types.join('|')}</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {ev.armedRole ? (
            <p className="ev-hint" data-testid="candidate" data-mention-id={candidate?.id ?? ''}>
              {ev.armedRole}: {candidate ? <bdi lang={lang}>{t('events.candidate', { type: candidate.type, text: text(candidate) })}</bdi> : t('events.tabToMention')}
            </p>
          ) : null}
          <AttributeEditor
            schema={schema}
            kind="event"
            type={selectedEvent.type}
            id={selectedEvent.id}
            values={selectedEvent.attributes}
            note={selectedEvent.note}
            doc={ws.doc}
          />
        </section>
      ) : null}

      {ev.relationFrom ? (
        <section className="ev-panel" aria-label={t('relations.new')}>
          <p className="ev-hint" data-testid="candidate" data-mention-id={candidate?.id ?? ''}>
            {t('relations.from', {
              from: mentions.get(ev.relationFrom) ? text(mentions.get(ev.relationFrom)!) : '',
              to: candidate ? t('relations.toCandidate', { text: text(candidate) }) : t('relations.toNone'),
            })}
          </p>
        </section>
      ) : null}

      <section className="ev-panel" aria-label={t('relations.title')} data-testid="relation-panel">
        <div className="panel-head">
          <h2>{t('relations.title')}</h2>
          <span className="count">{docState.relations.size}</span>
        </div>
        {docState.relations.size === 0 ? <p className="ev-hint">{t('relations.none')}</p> : null}
        <ul className="ev-list">
          {[...docState.relations.values()].map((r) => {
            const a = filler(r.arg1);
            const b = filler(r.arg2);
            return (
              <li
                key={r.id}
                className={`ev-frame${ev.selection?.id === r.id ? ' is-selected' : ''}`}
                data-relation-id={r.id}
                onMouseEnter={() => events.setHover(r.id)}
                onMouseLeave={() => events.setHover(null)}
                onClick={() => events.selectRelation(r.id)}
              >
                <span className="ev-type">{r.type}</span> <bdi lang={lang}>{a ?? r.arg1}</bdi> → <bdi lang={lang}>{b ?? r.arg2}</bdi>
              </li>
            );
          })}
        </ul>
        {selectedRelation && schema ? (
          <>
            <button type="button" className="ev-small" onClick={() => void events.deleteRelation(selectedRelation.id)}>
              {t('relations.delete')}
            </button>
            <AttributeEditor
              schema={schema}
              kind="relation"
              type={selectedRelation.type}
              id={selectedRelation.id}
              values={selectedRelation.attributes}
              note={selectedRelation.note}
              doc={ws.doc}
            />
          </>
        ) : null}
      </section>

      {selectedMention && schema && !selectedEvent ? (
        <section className="ev-panel" aria-label={t('mention.selected')} data-testid="mention-panel">
          <div className="panel-head">
            <h2>
              <span className="type-name">{selectedMention.type}</span> <bdi lang={lang}>“{text(selectedMention)}”</bdi>
            </h2>
          </div>
          {selectedMention.fragments && selectedMention.fragments.length > 1 ? (
            <p className="ev-hint" data-testid="mention-fragments">
              {selectedMention.fragments.length} pieces: {selectedMention.fragments.map((f) => `${f.start}–${f.end}`).join(', ')}
            </p>
          ) : null}
          {selectedMention.normalizations && selectedMention.normalizations.length > 0 ? (
            <ul className="ev-list" aria-label={t('events.normalizations')} data-testid="normalizations">
              {selectedMention.normalizations.map((n, i) => (
                <li key={i} className="ev-frame">
                  <span className="ev-type">{n.resource}</span> {n.id}
                  {n.text ? (
                    <>
                      {' '}
                      <bdi>{n.text}</bdi>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          <AttributeEditor
            schema={schema}
            kind="mention"
            type={selectedMention.type}
            id={selectedMention.id}
            values={selectedMention.attributes ?? {}}
            note={selectedMention.note ?? ''}
            doc={ws.doc}
          />
        </section>
      ) : null}
    </fieldset>
  );
});
