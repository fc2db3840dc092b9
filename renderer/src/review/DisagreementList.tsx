/** The disagreements of a comparison, in text order, each classified; the current one marked. */
import { useEffect, useRef } from 'react';
import type { ReviewDisagreement } from '../contract';
import type { ParagraphTable } from '../offsets/ParagraphTable';
import { t, useT } from '../i18n';

export function kindLabel(d: ReviewDisagreement): string {
  const event = d.target === 'event' ? 'yes' : 'no';
  switch (d.kind) {
    case 'type':
      return t('review.kind.type', { event });
    case 'boundary':
      return t('review.kind.boundary', { event, prefix: d.prefix ? 'yes' : 'no' });
    case 'missing':
      return t('review.kind.missing', { event });
    case 'arguments':
      return (d.arguments ?? []).some((a) => a.problem === 'role') ? t('review.kind.role') : t('review.kind.filler');
  }
}

interface Props {
  items: ReviewDisagreement[];
  current: number;
  table: ParagraphTable;
  onPick(index: number): void;
}

export function DisagreementList({ items, current, table, onPick }: Props) {
  const tr = useT();
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>('.is-current')?.scrollIntoView({ block: 'nearest' });
  }, [current, items]);
  const open = items.filter((d) => d.resolution === null).length;
  return (
    <section className="review-dis" aria-label={tr('review.disagreements')}>
      <div className="panel-head">
        <h2>{tr('review.disagreements')}</h2>
        <span className="count" data-testid="open-count">
          {tr('review.openOf', { open, total: items.length })}
        </span>
      </div>
      {items.length === 0 ? (
        <p className="empty-note">{tr('review.agree')}</p>
      ) : (
        <ol className="review-dis-list" ref={list}>
          {items.map((d, i) => (
            <li
              key={d.key}
              className={`review-dis-item${i === current ? ' is-current' : ''}${d.resolution ? ` is-${d.resolution}` : ''}`}
              data-key={d.key}
              data-kind={d.kind}
              data-prefix={d.prefix ? 'true' : undefined}
              data-resolution={d.resolution ?? 'open'}
              onClick={() => onPick(i)}
            >
              <span className={`review-kind kind-${d.kind}`}>{kindLabel(d)}</span>
              <span className="review-dis-text" dir="auto">
                {table.slice({ start: d.start, end: d.end })}
              </span>
              <span className="review-dis-members">
                {d.members.map((m) => (
                  <span key={m.set} className="review-member" title={`${m.set}: ${m.type} [${m.start}, ${m.end})`}>
                    <b className="review-set-name">{m.set}</b> <span className="type-name">{m.type}</span>
                    {d.kind === 'boundary' ? (
                      <>
                        {' '}
                        “<bdi>{table.slice({ start: m.start, end: m.end })}</bdi>”
                      </>
                    ) : null}
                  </span>
                ))}
                {d.missingIn.map((s) => (
                  <span key={s} className="review-member is-missing">
                    <b className="review-set-name">{s}</b> —
                  </span>
                ))}
              </span>
              {d.arguments && d.arguments.length > 0 ? (
                <span className="review-dis-args">
                  {d.arguments.map((a) => (
                    <span key={`${a.role}:${a.start}:${a.end}`}>
                      {a.role} “<bdi>{table.slice({ start: a.start, end: a.end })}</bdi>” ({a.in.join(', ') || tr('review.none')})
                    </span>
                  ))}
                </span>
              ) : null}
              {d.resolution ? <span className="review-res">{tr(`review.res.${d.resolution}`)}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
