/**
 * Benchmark baseline only (`npm run bench`, URL hash `#bench-plain=<docId>`): the same document
 * and mentions drawn as plain React spans, without Lexical, windowing or the overlay, all
 * paragraphs mounted. It shows what the editor's machinery costs over the simplest view. Never
 * reached from the app's UI.
 */
import { useEffect, useState, type CSSProperties } from 'react';
import type { DocumentView } from '../contract';
import type { EntityMention } from '../../../annotations/model';
import { ParagraphTable } from '../offsets/ParagraphTable';
import { call } from '../bridge';

interface Loaded {
  view: DocumentView;
  table: ParagraphTable;
  /** Per paragraph: [start16, end16, type] of the mention pieces in it. */
  pieces: Map<number, [number, number, string][]>;
}

function segments(text: string, pieces: [number, number, string][]) {
  // Cut at every boundary; each segment gets the innermost mention's type (the shortest).
  const cuts = new Set<number>([0, text.length]);
  for (const [a, b] of pieces) {
    cuts.add(a);
    cuts.add(b);
  }
  const sorted = [...cuts].sort((x, y) => x - y);
  const out: { text: string; type: string | null }[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i] as number;
    const b = sorted[i + 1] as number;
    let best: [number, number, string] | null = null;
    for (const p of pieces) if (p[0] <= a && p[1] >= b && (!best || p[1] - p[0] < best[1] - best[0])) best = p;
    out.push({ text: text.slice(a, b), type: best ? best[2] : null });
  }
  return out;
}

const COLORS: Record<string, string> = { PER: '#f6c6c6', ORG: '#c6d8f6', GPE: '#c9efc6', LOC: '#efe3c6', FAC: '#e3c6ef', WEA: '#c6efe9', VEH: '#efc6e0', TIME: '#dfdfdf' };

export function PlainView({ docId }: { docId: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    performance.mark('qalam:open-start', { detail: { docId } });
    void Promise.all([call('documents.get', { id: docId }), call('mentions.list', { docId })]).then(([v, m]) => {
      if (!v.ok) return;
      performance.mark('qalam:open-data', { detail: { docId } });
      const table = new ParagraphTable(v.value.text, v.value.paragraphs, v.value.lang, v.value.dir);
      const pieces = new Map<number, [number, number, string][]>();
      for (const mention of (m.ok ? m.value : []) as EntityMention[]) {
        for (const p of table.pieces(mention)) {
          let list = pieces.get(p.paragraph);
          if (!list) pieces.set(p.paragraph, (list = []));
          list.push([p.start16, p.end16, mention.type]);
        }
      }
      setLoaded({ view: v.value, table, pieces });
    });
  }, [docId]);
  useEffect(() => {
    if (!loaded) return;
    const frame = requestAnimationFrame(() => {
      document.querySelector<HTMLElement>('.doc-scroll')!.dataset['ready'] = 'true';
      performance.mark('qalam:open-ready', { detail: { docId } });
      performance.mark('qalam:open-loaded', { detail: { docId } }); // it had the whole document at once
    });
    return () => cancelAnimationFrame(frame);
  }, [loaded, docId]);
  if (!loaded) return <div className="doc-scroll" />;
  const { table, view, pieces } = loaded;
  return (
    <div className="doc-scroll" style={{ height: '100vh' }}>
      <div className="doc-sheet" lang={view.lang === 'other' ? undefined : view.lang} dir={view.dir}>
        <div className="doc-text">
          {table.rows.map((row, i) => (
            <p key={i} className="q-para" dir={row.dir} data-para={i}>
              {segments(table.paragraphText(i), pieces.get(i) ?? []).map((s, k) =>
                s.type ? (
                  <span key={k} style={{ background: COLORS[s.type] ?? '#ddd' } as CSSProperties}>
                    {s.text}
                  </span>
                ) : (
                  s.text
                ),
              )}
            </p>
          ))}
        </div>
      </div>
    </div>
  );
}
