/**
 * The header's Project and Reading menus, and what the window does for the project host
 * (state/projectDesk.ts): the title naming the project, the last document and scroll position
 * remembered and restored, Ctrl + / Ctrl − / Ctrl 0 for the text's size, the desktop menu's
 * project and zoom commands, and files or folders dropped on the window imported.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { MenuCommand } from '../contract';
import { bridgeExtras } from '../bridge';
import { ZOOM_KEYS } from '../editor/keymap';
import { useT, type MessageKey } from '../i18n';
import {
  ARABIC_FONTS,
  HEBREW_FONTS,
  LINE_SPACINGS,
  ProjectDesk,
  type ArabicFont,
  type HebrewFont,
  type ThemeChoice,
} from '../state/projectDesk';
import type { Workspace } from '../state/workspace';
import { t as translate } from '../i18n';
import '../styles/reading.css';

const HEBREW_FONT_NAMES: Record<HebrewFont, string> = {
  'noto-sans': 'Noto Sans Hebrew',
  'noto-serif': 'Noto Serif Hebrew',
  david: 'David CLM',
  'frank-ruehl': 'Frank Ruehl CLM',
  miriam: 'Miriam CLM',
};
const ARABIC_FONT_NAMES: Record<ArabicFont, string> = {
  'noto-naskh': 'Noto Naskh Arabic',
  'noto-sans': 'Noto Sans Arabic',
  amiri: 'Amiri',
  scheherazade: 'Scheherazade',
};
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const CONTEXTS: Record<string, MessageKey> = {
  open: 'project.cannotOpen',
  new: 'project.cannotCreate',
  saveAs: 'project.cannotSaveAs',
  view: 'project.cannotRemember',
};

/** Restores the remembered scroll position of `docId` once its text is there (the windowed text may grow first). */
function restoreScroll(docId: string, scroll: number, done: () => void): void {
  let tries = 0;
  const step = () => {
    const scroller = document.querySelector<HTMLElement>('.center .doc-scroll');
    const ready = scroller?.querySelector(`.doc-text[data-doc-id="${CSS.escape(docId)}"] [data-para]`);
    if (scroller && ready) {
      scroller.scrollTop = scroll;
      if (Math.abs(scroller.scrollTop - scroll) <= 1 || tries > 60) {
        done();
        return;
      }
    }
    if (++tries > 120) {
      done();
      return;
    }
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}

function useDesk(ws: Workspace): ProjectDesk {
  const desk = useMemo(() => new ProjectDesk((error, context) => ws.reportError(error, translate(CONTEXTS[context] ?? 'project.cannotOpen'))), [ws]);

  useEffect(() => {
    let restoring = true;
    let alive = true;
    let opened: string | null = null;
    void desk.load().then(() => {
      if (!alive) return;
      const remembered = desk.getState().project?.view;
      const follow = () => {
        const id = ws.doc.getState().view?.id ?? null;
        if (id === null || id === opened) return;
        opened = id;
        if (restoring && remembered?.docId === id && (remembered.scroll ?? 0) > 0) {
          restoreScroll(id, remembered.scroll ?? 0, () => {
            restoring = false;
          });
        } else {
          restoring = false;
          desk.documentOpened(id);
        }
      };
      follow();
      const off = ws.doc.subscribe(follow);
      const onScroll = (e: Event) => {
        const el = e.target;
        if (restoring || !(el instanceof HTMLElement) || !el.matches('.center .doc-scroll')) return;
        const id = ws.doc.getState().view?.id;
        if (id) desk.scrolled(id, el.scrollTop);
      };
      document.addEventListener('scroll', onScroll, true);
      cleanup = () => {
        off();
        document.removeEventListener('scroll', onScroll, true);
      };
    });
    let cleanup = () => {};
    return () => {
      alive = false;
      cleanup();
    };
  }, [desk, ws]);

  // Ctrl + / Ctrl − / Ctrl 0: the text's size (kept per project), never the page's zoom.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const dir = Object.hasOwn(ZOOM_KEYS, e.key) ? ZOOM_KEYS[e.key] : undefined;
      if (dir === undefined) return;
      e.preventDefault();
      desk.zoom(dir);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [desk]);

  // The desktop menu's commands (File → New/Open/Save As, View → zoom).
  useEffect(
    () =>
      bridgeExtras().onMenuCommand?.((command: MenuCommand) => {
        if (command === 'project-new') void desk.withDialog('new');
        else if (command === 'project-open') void desk.withDialog('open');
        else if (command === 'project-save-as') void desk.withDialog('saveAs');
        else if (command === 'zoom-in') desk.zoom(1);
        else if (command === 'zoom-out') desk.zoom(-1);
        else if (command === 'zoom-reset') desk.zoom(0);
      }),
    [desk],
  );

  // Files or folders dropped on the window: imported like File → Import Text Files (same report).
  useEffect(() => {
    const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      document.documentElement.dataset['dropping'] = 'true';
    };
    const onLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) delete document.documentElement.dataset['dropping'];
    };
    const onDrop = (e: DragEvent) => {
      delete document.documentElement.dataset['dropping'];
      if (!hasFiles(e)) return;
      e.preventDefault();
      const files = [...(e.dataTransfer?.files ?? [])];
      const paths = (window as Partial<Window>).qalam?.droppedPaths;
      if (files.length === 0 || !paths) return;
      void paths(files).then((p) => (p.length > 0 ? ws.importGivenPaths(p) : undefined));
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [ws]);

  return desk;
}

/** A header button opening a panel; closes on Escape or a click elsewhere. */
function Popover({ label, title, testId, children }: { label: string; title: string; testId: string; children: (close: () => void) => React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="popover-anchor" ref={box}>
      <button type="button" className="btn" aria-expanded={open} aria-haspopup="dialog" title={title} data-testid={testId} onClick={() => setOpen(!open)}>
        {label} ▾
      </button>
      {open ? (
        <div className="popover" role="dialog" aria-label={label} data-testid={`${testId}-panel`}>
          {children(() => setOpen(false))}
        </div>
      ) : null}
    </div>
  );
}

export function ProjectMenu({ ws }: { ws: Workspace }) {
  const t = useT();
  const desk = useDesk(ws);
  const state = useSyncExternalStore(desk.subscribe, desk.getState);
  desk.confirmOverwrite = (path) => window.confirm(t('project.overwrite', { path }));
  const { project, recent, reading } = state;
  const hasDialogs = Boolean((window as Partial<Window>).qalam?.pickProjectPath);
  const others = recent.filter((r) => r.path !== project?.path);

  return (
    <>
      {project ? (
        <Popover label={t('project.menu')} title={t('project.menuTitle')} testId="project-menu">
          {(close) => (
            <div className="project-panel">
              <p className="popover-note" title={project.path}>
                {t('project.current', { name: project.name })}
              </p>
              {hasDialogs ? (
                <div className="popover-row">
                  <button type="button" className="btn" disabled={state.busy} onClick={() => void desk.withDialog('new').then(close)}>
                    {t('project.new')}
                  </button>
                  <button type="button" className="btn" disabled={state.busy} onClick={() => void desk.withDialog('open').then(close)}>
                    {t('project.open')}
                  </button>
                  <button type="button" className="btn" disabled={state.busy} onClick={() => void desk.withDialog('saveAs').then(close)}>
                    {t('project.saveAs')}
                  </button>
                </div>
              ) : null}
              <h3 className="popover-heading">{t('project.recent')}</h3>
              {others.length === 0 ? <p className="popover-note">{t('project.noRecent')}</p> : null}
              <ul className="recent-list">
                {others.map((r) => (
                  <li key={r.path} className={r.exists ? 'recent-item' : 'recent-item is-missing'}>
                    <button type="button" className="recent-open" title={r.path} disabled={state.busy} data-path={r.path} onClick={() => void desk.openRecent(r.path)}>
                      <span className="recent-name" dir="auto">
                        {r.name}
                      </span>
                      {r.exists ? null : <span className="recent-missing">{t('project.missing')}</span>}
                    </button>
                    <button type="button" className="btn btn-icon" title={t('project.forget')} aria-label={t('project.forget')} onClick={() => void desk.forget(r.path)}>
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Popover>
      ) : null}
      <Popover label={t('reading.menu')} title={t('reading.menuTitle')} testId="reading-menu">
        {() => (
          <div className="reading-panel">
            <div className="popover-row" role="group" aria-label={t('reading.zoom')}>
              <span className="popover-label">{t('reading.zoom')}</span>
              <button type="button" className="btn btn-icon" title={t('reading.zoomOut')} aria-label={t('reading.zoomOut')} onClick={() => desk.zoom(-1)}>
                −
              </button>
              <button type="button" className="btn" title={t('reading.zoomReset')} data-testid="reading-zoom" onClick={() => desk.zoom(0)}>
                {t('reading.percent', { n: Math.round(reading.zoom * 100) })}
              </button>
              <button type="button" className="btn btn-icon" title={t('reading.zoomIn')} aria-label={t('reading.zoomIn')} onClick={() => desk.zoom(1)}>
                +
              </button>
            </div>
            <label className="popover-field">
              <span className="popover-label">{t('reading.hebrewFont')}</span>
              <select className="font-name" value={reading.hebrewFont} data-testid="reading-hebrew-font" onChange={(e) => desk.setReading({ hebrewFont: e.target.value as HebrewFont })}>
                {(Object.keys(HEBREW_FONTS) as HebrewFont[]).map((f) => (
                  <option key={f} value={f} style={{ fontFamily: HEBREW_FONTS[f] }}>
                    {HEBREW_FONT_NAMES[f]}
                  </option>
                ))}
              </select>
            </label>
            <label className="popover-field">
              <span className="popover-label">{t('reading.arabicFont')}</span>
              <select className="font-name" value={reading.arabicFont} data-testid="reading-arabic-font" onChange={(e) => desk.setReading({ arabicFont: e.target.value as ArabicFont })}>
                {(Object.keys(ARABIC_FONTS) as ArabicFont[]).map((f) => (
                  <option key={f} value={f} style={{ fontFamily: ARABIC_FONTS[f] }}>
                    {ARABIC_FONT_NAMES[f]}
                  </option>
                ))}
              </select>
            </label>
            <label className="popover-field">
              <span className="popover-label">{t('reading.lineSpacing')}</span>
              <select value={String(reading.lineSpacing)} data-testid="reading-line-spacing" onChange={(e) => desk.setReading({ lineSpacing: Number(e.target.value) })}>
                {LINE_SPACINGS.map((s) => (
                  <option key={s} value={String(s)}>
                    {t('reading.spacing', { n: s })}
                  </option>
                ))}
              </select>
            </label>
            <label className="popover-field">
              <span className="popover-label">{t('reading.theme')}</span>
              <select value={reading.theme} data-testid="reading-theme" onChange={(e) => desk.setReading({ theme: e.target.value as ThemeChoice })}>
                {THEMES.map((th) => (
                  <option key={th} value={th}>
                    {t(`reading.theme.${th}`)}
                  </option>
                ))}
              </select>
            </label>
            <p className="popover-note">{t('reading.kept')}</p>
          </div>
        )}
      </Popover>
    </>
  );
}
