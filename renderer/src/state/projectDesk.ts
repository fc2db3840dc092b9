/**
 * The window's side of the project host (electron/service/projectHost.ts): which project is open
 * (the window title names it), the recent list, New / Open / Save As, the last document and
 * scroll position, and reading comfort (text size, Hebrew and Arabic fonts, theme, line spacing),
 * all remembered per project by the host. Without a host (a bridge to a bare service) every
 * project call fails and the window runs as before: one project, nothing remembered.
 *
 * Reading comfort is applied to <html> (CSS variables and data-theme, styles/reading.css);
 * `subscribeReading` tells the overlay to measure again after any change.
 */
import type { ProjectArgs, ProjectDialog, ProjectInfo, ProjectMethod, ProjectRet, ProjectView, RecentProject, ThemeChoice } from '../../../electron/projectContract';
import type { ApiError, Result } from '../contract';
import { whenIdle } from './idle';
import { Observable } from './observable';
import { expectProjectNext } from './early';

export type { ProjectInfo, ProjectView, RecentProject, ThemeChoice } from '../../../electron/projectContract';

/** The fonts offered per script: installed faces, named explicitly (styles/reading.css's defaults are the first). */
export const HEBREW_FONTS = {
  'noto-sans': "'Noto Sans Hebrew', 'Noto Sans', sans-serif",
  'noto-serif': "'Noto Serif Hebrew', 'Noto Serif', serif",
  david: "'David CLM', 'Noto Serif Hebrew', serif",
  'frank-ruehl': "'Frank Ruehl CLM', 'Noto Serif Hebrew', serif",
  miriam: "'Miriam CLM', 'Noto Sans Hebrew', sans-serif",
} as const;
export const ARABIC_FONTS = {
  'noto-naskh': "'Noto Naskh Arabic', 'Amiri', serif",
  'noto-sans': "'Noto Sans Arabic', 'Noto Naskh Arabic', sans-serif",
  amiri: "'Amiri', 'Noto Naskh Arabic', serif",
  scheherazade: "'Scheherazade', 'Scheherazade New', 'Noto Naskh Arabic', serif",
} as const;
export type HebrewFont = keyof typeof HEBREW_FONTS;
export type ArabicFont = keyof typeof ARABIC_FONTS;

export const ZOOM_STEPS = [0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.4, 1.6, 1.8, 2] as const;
export const LINE_SPACINGS = [1.8, 2.2, 2.5, 3, 3.5] as const;
export const DEFAULT_LINE_SPACING = 2.5;
/** The text's size at 100 % (styles/document.css). */
const BASE_SIZE_PX = 20;

export interface Reading {
  zoom: number;
  hebrewFont: HebrewFont;
  arabicFont: ArabicFont;
  theme: ThemeChoice;
  lineSpacing: number;
}

export function readingOf(view: ProjectView): Reading {
  return {
    zoom: view.zoom ?? 1,
    hebrewFont: view.hebrewFont && view.hebrewFont in HEBREW_FONTS ? (view.hebrewFont as HebrewFont) : 'noto-sans',
    arabicFont: view.arabicFont && view.arabicFont in ARABIC_FONTS ? (view.arabicFont as ArabicFont) : 'noto-naskh',
    theme: view.theme ?? 'system',
    lineSpacing: view.lineSpacing ?? DEFAULT_LINE_SPACING,
  };
}

/** The next zoom step up (+1) or down (−1) from `zoom`. */
export function stepZoom(zoom: number, direction: 1 | -1): number {
  if (direction > 0) return ZOOM_STEPS.find((z) => z > zoom + 1e-6) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1]!;
  return [...ZOOM_STEPS].reverse().find((z) => z < zoom - 1e-6) ?? ZOOM_STEPS[0];
}

const readingListeners = new Set<() => void>();

/** Called after the text's size, font or spacing changed (the overlay measures again). */
export function subscribeReading(listener: () => void): () => void {
  readingListeners.add(listener);
  return () => {
    readingListeners.delete(listener);
  };
}

/** The system's dark preference (null where matchMedia is missing). */
const darkQuery: MediaQueryList | null = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
/** The project's choice, as last applied ("system" until a project says otherwise). */
let themeChoice: ThemeChoice = 'system';

/** The theme drawn: the choice, or the system's when the choice is "system". */
export function resolveTheme(choice: ThemeChoice, systemDark: boolean = darkQuery?.matches ?? false): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** data-theme on <html> is always the resolved theme (styles/reading.css has one dark palette). */
function applyTheme(root: HTMLElement): void {
  root.dataset['theme'] = resolveTheme(themeChoice);
}

if (typeof document !== 'undefined') {
  // before the first paint, so a dark system never flashes the light palette
  applyTheme(document.documentElement);
  darkQuery?.addEventListener('change', () => {
    if (themeChoice === 'system') applyTheme(document.documentElement);
  });
}

/** Applies `reading` to <html> (styles/reading.css reads the variables). */
export function applyReading(reading: Reading, root: HTMLElement = document.documentElement): void {
  root.style.setProperty('--reading-size', `${Math.round(BASE_SIZE_PX * reading.zoom * 100) / 100}px`);
  root.style.setProperty('--reading-line', String(reading.lineSpacing));
  root.style.setProperty('--reading-font-he', HEBREW_FONTS[reading.hebrewFont]);
  root.style.setProperty('--reading-font-ar', ARABIC_FONTS[reading.arabicFont]);
  themeChoice = reading.theme;
  applyTheme(root);
  for (const l of readingListeners) l();
}

/** A project call through the bridge (the host answers project.*). */
export async function projectCall<M extends ProjectMethod>(method: M, args: ProjectArgs<M>): Promise<Result<ProjectRet<M>>> {
  const bridge = (window as Partial<Window>).qalam;
  if (!bridge) return { ok: false, error: { code: 'internal', message: 'no bridge' } };
  try {
    const invoke = bridge.invoke as unknown as (m: string, a: unknown) => Promise<Result<ProjectRet<M>>>;
    return await invoke(method, args);
  } catch (e) {
    return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
  }
}

let current: Promise<ProjectInfo | null> | null = null;
let booted: ((project: ProjectInfo | null) => void) | null = null;

/**
 * The open project as the host says at start (null without a host): the window's start call
 * (session.boot, Workspace.boot) brings it, so it is not asked for again; asked (project.current)
 * only when no start is under way.
 */
export function currentProject(): Promise<ProjectInfo | null> {
  current ??= projectCall('project.current', {}).then((r) => (r.ok ? r.value : null));
  return current;
}

/** The window's start is under way: currentProject() waits for its answer (bootProject). */
export function expectBootProject(): void {
  current = new Promise((resolve) => {
    booted = resolve;
  });
}

/** The start's answer: the open project (null without a host, or when the start failed). */
export function bootProject(project: ProjectInfo | null): void {
  const resolve = booted;
  booted = null;
  if (resolve) resolve(project);
  else current = Promise.resolve(project);
}

export interface DeskState {
  /** Null until known, and without a host. */
  project: ProjectInfo | null;
  recent: RecentProject[];
  reading: Reading;
  /** A project call is running (the menu's buttons wait). */
  busy: boolean;
}

/** What the desk reports to the window: an error value with what it was doing. */
export type DeskErrorSink = (error: ApiError, context: string) => void;

export class ProjectDesk extends Observable<DeskState> {
  private scrollTimer: number | null = null;
  private pendingScroll: { docId: string; scroll: number } | null = null;

  constructor(
    private readonly report: DeskErrorSink,
    /** Starts the window again on the project now open (a page reload in the app). */
    private readonly restart: () => void = () => window.location.reload(),
  ) {
    super({ project: null, recent: [], reading: readingOf({}), busy: false });
  }

  async load(): Promise<void> {
    const project = await currentProject();
    if (!project) {
      applyReading(this.state.reading);
      return;
    }
    const reading = readingOf(project.view);
    this.set({ project, reading });
    applyReading(reading);
    document.title = `${project.name} — Qalam`;
    // The recent list is the Projects menu's: after the first document, when the window is idle.
    whenIdle(() => void this.refreshRecent());
  }

  get hosted(): boolean {
    return this.state.project !== null;
  }

  async refreshRecent(): Promise<void> {
    const r = await projectCall('project.recent', {});
    if (r.ok) this.set({ recent: r.value });
  }

  // ---- the view remembered per project -----------------------------------------------------------

  /** The document now open (remembered at once, with its scroll position when it was restored). */
  documentOpened(docId: string): void {
    if (!this.hosted || this.state.project?.view.docId === docId) return;
    this.flushScroll();
    this.remember({ docId, scroll: 0 });
  }

  /** The text was scrolled: remembered once it stops for a moment. */
  scrolled(docId: string, scroll: number): void {
    if (!this.hosted) return;
    this.pendingScroll = { docId, scroll };
    if (this.scrollTimer !== null) window.clearTimeout(this.scrollTimer);
    this.scrollTimer = window.setTimeout(() => this.flushScroll(), 300);
  }

  /** Writes a waiting scroll position now (before the project changes). */
  flushScroll(): Promise<void> {
    if (this.scrollTimer !== null) window.clearTimeout(this.scrollTimer);
    this.scrollTimer = null;
    const p = this.pendingScroll;
    this.pendingScroll = null;
    return p ? this.remember(p) : Promise.resolve();
  }

  private async remember(view: ProjectView): Promise<void> {
    const project = this.state.project;
    if (!project) return;
    this.set({ project: { ...project, view: { ...project.view, ...view } } });
    const r = await projectCall('project.setView', { view });
    if (!r.ok) this.report(r.error, 'view');
  }

  // ---- reading comfort ---------------------------------------------------------------------------

  setReading(change: Partial<Reading>): void {
    const reading = { ...this.state.reading, ...change };
    this.set({ reading });
    applyReading(reading);
    void this.remember(change);
  }

  zoom(direction: 1 | -1 | 0): void {
    this.setReading({ zoom: direction === 0 ? 1 : stepZoom(this.state.reading.zoom, direction) });
  }

  // ---- projects ----------------------------------------------------------------------------------

  /** Opens a project of the recent list; the window starts again on it. */
  openRecent(path: string): Promise<boolean> {
    return this.switchTo('project.open', { path });
  }

  /** New, Open or Save As: the desktop's dialog names the file (null: cancelled). */
  async withDialog(dialog: ProjectDialog): Promise<boolean> {
    const pick = (window as Partial<Window>).qalam?.pickProjectPath;
    if (!pick) return false;
    const path = await pick(dialog);
    if (!path) return false;
    if (dialog === 'open') return this.switchTo('project.open', { path });
    if (dialog === 'new') return this.switchTo('project.create', { path });
    return this.saveAs(path);
  }

  /** Save As: an existing file is replaced only after the user said so. */
  private async saveAs(path: string): Promise<boolean> {
    await this.flushScroll();
    this.set({ busy: true });
    let r = await projectCall('project.saveAs', { path });
    if (!r.ok && r.error.code === 'conflict' && this.confirmOverwrite(path)) r = await projectCall('project.saveAs', { path, overwrite: true });
    this.set({ busy: false });
    if (!r.ok) {
      if (r.error.code !== 'conflict') this.report(r.error, 'saveAs');
      return false;
    }
    this.restart();
    return true;
  }

  /** Asks before replacing an existing file (set by the menu, which knows the language). */
  confirmOverwrite: (path: string) => boolean = () => false;

  async forget(path: string): Promise<void> {
    const r = await projectCall('project.forget', { path });
    if (r.ok) this.set({ recent: r.value });
  }

  private async switchTo(method: 'project.open' | 'project.create', args: { path: string }): Promise<boolean> {
    await this.flushScroll();
    this.set({ busy: true });
    const r = await projectCall(method, args);
    this.set({ busy: false });
    if (!r.ok) {
      this.report(r.error, method === 'project.open' ? 'open' : 'new');
      await this.refreshRecent();
      return false;
    }
    // The window's early start then reads no document of the project it leaves (state/early.ts).
    expectProjectNext(r.value.path);
    this.restart();
    return true;
  }
}
