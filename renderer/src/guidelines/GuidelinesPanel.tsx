/**
 * The project's guidelines beside the text: the Markdown document kept in the project
 * (guidelines.get / guidelines.set), imported from a .md file or written here, and below it the
 * schema's types with their descriptions. Replacing guidelines that are already there asks first.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Guidelines } from '../contract';
import { request } from '../bridge';
import type { Workspace } from '../state/workspace';
import { useT } from '../i18n';
import { TextFileInput } from '../TextFileInput';
import { Markdown } from './Markdown';
import './guidelines.css';

export function GuidelinesPanel({ ws, onClose }: { ws: Workspace; onClose(): void }) {
  const tr = useT();
  const schema = useSyncExternalStore(ws.subscribe, ws.getState).session?.schema ?? null;
  const [doc, setDoc] = useState<Guidelines | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    void request('guidelines.get', {}, tr('guidelines.cannotRead'), ws.reportError).then((g) => {
      if (live && g) setDoc(g);
    });
    return () => {
      live = false;
    };
    // Read once per opening (tr changes with the language, not the project).
  }, [ws]);

  const save = async (markdown: string, source?: string) => {
    const g = await request('guidelines.set', source === undefined ? { markdown } : { markdown, source }, tr('guidelines.cannotSave'), ws.reportError);
    if (!g) return false;
    setDoc(g);
    return true;
  };

  const types = schema ? [...schema.entityTypes.filter((t) => !t.abstract), ...schema.eventTypes.filter((t) => !t.abstract)] : [];

  return (
    <section className="guidelines" aria-label={tr('guidelines.title')} data-testid="guidelines-panel">
      <header className="guidelines-head">
        <h2>{tr('guidelines.title')}</h2>
        {doc?.source ? (
          <span className="guidelines-source" title={tr('guidelines.sourceTitle')}>
            <span className="file-name" dir="auto">
              {doc.source}
            </span>
          </span>
        ) : null}
        <span className="guidelines-actions">
          {draft === null ? (
            <>
              <button type="button" className="ev-small" data-testid="guidelines-import" onClick={() => file.current?.click()} title={tr('guidelines.importTitle')}>
                {tr('guidelines.import')}
              </button>
              <button type="button" className="ev-small" data-testid="guidelines-edit" disabled={!doc} onClick={() => setDraft(doc?.markdown ?? '')}>
                {tr('guidelines.edit')}
              </button>
            </>
          ) : null}
          <button type="button" className="ev-small" aria-label={tr('guidelines.close')} title={tr('guidelines.close')} onClick={onClose}>
            ×
          </button>
        </span>
        <TextFileInput
          inputRef={file}
          accept=".md,.markdown,text/markdown,text/plain"
          testId="guidelines-file"
          onText={async (text, name) => {
            // Nothing is lost without asking: guidelines already there are replaced only when confirmed.
            if (doc && doc.markdown.trim() && doc.markdown !== text && !window.confirm(tr('guidelines.replaceConfirm', { file: name }))) return;
            if (await save(text, name)) setDraft(null);
          }}
          onError={(err, name) => ws.reportError({ code: 'invalid-argument', message: `${name}: ${err instanceof Error ? err.message : String(err)}` }, tr('guidelines.cannotRead'))}
        />
      </header>

      {draft !== null ? (
        <div className="guidelines-editor">
          <textarea
            dir="auto"
            value={draft}
            aria-label={tr('guidelines.editLabel')}
            placeholder={tr('guidelines.placeholder')}
            data-testid="guidelines-text"
            onChange={(e) => setDraft(e.target.value)}
            spellCheck={false}
          />
          <p className="guidelines-hint">{tr('guidelines.syntax')}</p>
          <div className="guidelines-buttons">
            <button type="button" className="btn" data-testid="guidelines-cancel" onClick={() => setDraft(null)}>
              {tr('guidelines.cancel')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="guidelines-save"
              onClick={() => {
                void save(draft).then((ok) => {
                  if (ok) setDraft(null);
                });
              }}
            >
              {tr('guidelines.save')}
            </button>
          </div>
        </div>
      ) : doc === null ? (
        <p className="empty-note">{tr('guidelines.loading')}</p>
      ) : doc.markdown.trim() ? (
        <div className="guidelines-doc" data-testid="guidelines-doc">
          <Markdown source={doc.markdown} />
        </div>
      ) : (
        <p className="empty-note" data-testid="guidelines-empty">
          {tr('guidelines.empty')}
        </p>
      )}

      {types.length > 0 && draft === null ? (
        <details className="guidelines-types" open={!doc?.markdown.trim()}>
          <summary>{tr('guidelines.types')}</summary>
          <dl>
            {types.map((t) => (
              <div key={t.name} className="guidelines-type" data-type={t.name}>
                <dt>
                  <span className="swatch" style={{ background: t.color }} aria-hidden="true" />
                  <span className="type-name">{t.name}</span>
                  {t.hotkey ? <kbd>{t.hotkey}</kbd> : null}
                </dt>
                <dd dir="auto" className="type-desc">
                  {t.description || '—'}
                </dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </section>
  );
}
