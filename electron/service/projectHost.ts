/**
 * The project host: which project the window has open, the recent list, New / Open / Save As,
 * and what the window remembers per project (last document, scroll position, reading comfort).
 * Transport-free like the service: the Electron main process owns one and passes it the paths its
 * native dialogs answered; the end-to-end tests own one and answer those paths themselves; the
 * tests call it directly.
 *
 * It is the window's dispatcher: `project.*` calls (electron/projectContract.ts) are its own, every
 * other method goes to the open project's QalamService. Its state is one JSON file in the
 * user-data folder (projects.json), written atomically (safeWrite's writeFileAtomic); a damaged
 * or missing file is an empty list, never a failed start.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { BootInfo, Result } from '../contract';
import {
  isProjectMethod,
  type ProjectArgs,
  type ProjectInfo,
  type ProjectMethod,
  type ProjectRet,
  type ProjectView,
  type RecentProject,
  type ThemeChoice,
} from '../projectContract';
import { initProject, openOrCreateDefaultProject, openService } from './bootstrap';
import { ServiceError, describeFailure, toApiError } from './errors';
import { guardProject, realPath, writeFileAtomic } from './safeWrite';
import type { QalamService } from './service';

export const STATE_FILE = 'projects.json';
export const MAX_RECENT = 10;

/** The methods that switch the open project: they answer once the project open before is closed. */
type SwitchingMethod = 'project.open' | 'project.create' | 'project.saveAs';

interface RecentEntry {
  path: string;
  name: string;
  openedAt: string;
}

interface HostState {
  recent: RecentEntry[];
  views: Record<string, ProjectView>;
}

export interface ProjectHostOptions {
  /** The folder holding projects.json (the app's user-data folder). */
  stateDir: string;
  /** The clock (ISO 8601). */
  now?: () => string;
  maxRecent?: number;
}

const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

function clamp(n: unknown, lo: number, hi: number): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : undefined;
}

function shortString(s: unknown): string | undefined {
  return typeof s === 'string' && s.length > 0 && s.length <= 200 ? s : undefined;
}

/** Only the known fields, each checked (a bad value is dropped, not stored). */
export function cleanView(raw: unknown): ProjectView {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const view: ProjectView = {};
  const docId = shortString(o['docId']);
  if (docId !== undefined) view.docId = docId;
  const scroll = clamp(o['scroll'], 0, 1e8);
  if (scroll !== undefined) view.scroll = Math.round(scroll);
  const zoom = clamp(o['zoom'], 0.5, 3);
  if (zoom !== undefined) view.zoom = Math.round(zoom * 100) / 100;
  const hebrewFont = shortString(o['hebrewFont']);
  if (hebrewFont !== undefined) view.hebrewFont = hebrewFont;
  const arabicFont = shortString(o['arabicFont']);
  if (arabicFont !== undefined) view.arabicFont = arabicFont;
  if (THEMES.includes(o['theme'] as ThemeChoice)) view.theme = o['theme'] as ThemeChoice;
  const lineSpacing = clamp(o['lineSpacing'], 1.2, 4);
  if (lineSpacing !== undefined) view.lineSpacing = Math.round(lineSpacing * 100) / 100;
  return view;
}

function readState(file: string): HostState {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<HostState>;
    const recent = Array.isArray(raw.recent)
      ? raw.recent.filter((r): r is RecentEntry => typeof r?.path === 'string' && typeof r.name === 'string' && typeof r.openedAt === 'string')
      : [];
    const views: Record<string, ProjectView> = {};
    if (typeof raw.views === 'object' && raw.views !== null) {
      for (const [k, v] of Object.entries(raw.views)) views[k] = cleanView(v);
    }
    return { recent, views };
  } catch {
    // missing or damaged: an empty list (the next write replaces it)
    return { recent: [], views: {} };
  }
}

function projectName(service: QalamService): string {
  return service.store.getSetting('project_name') ?? basename(service.store.path, extname(service.store.path));
}

function stringArg(args: unknown, key: string): string {
  const v = (typeof args === 'object' && args !== null ? (args as Record<string, unknown>)[key] : undefined);
  if (typeof v !== 'string' || v.trim() === '') throw new ServiceError('invalid-argument', `${key} must be a non-empty string`);
  return v;
}

export class ProjectHost {
  private current: QalamService | null = null;
  private state: HostState;
  private readonly file: string;
  private readonly now: () => string;
  private readonly maxRecent: number;
  private readonly listeners = new Set<(info: ProjectInfo) => void>();
  private pendingProgress: QalamService['progress'] = null;

  constructor(options: ProjectHostOptions) {
    this.file = join(options.stateDir, STATE_FILE);
    this.now = options.now ?? (() => new Date().toISOString());
    this.maxRecent = options.maxRecent ?? MAX_RECENT;
    this.state = readState(this.file);
  }

  // ---- the open project --------------------------------------------------------------------------

  get service(): QalamService {
    if (!this.current) throw new ServiceError('internal', 'no project is open');
    return this.current;
  }

  get isOpen(): boolean {
    return this.current !== null;
  }

  /** The project to open at start: `explicit` (the command line), else the last one opened that still exists, else `fallback`. */
  startPath(explicit: string | undefined, fallback: string): string {
    if (explicit) return explicit;
    return this.state.recent.find((r) => existsSync(r.path))?.path ?? fallback;
  }

  /** The first start's project: created from `seedDir` when it does not exist (bootstrap.openOrCreateDefaultProject). */
  start(path: string, seedDir: string): Promise<ProjectInfo> {
    return this.replace(openOrCreateDefaultProject(path, seedDir));
  }

  /** Called after the open project changed (main rebuilds its Open Recent menu). */
  onChange(listener: (info: ProjectInfo) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  info(): ProjectInfo {
    const s = this.service;
    return { path: s.store.path, name: projectName(s), view: { ...(this.state.views[s.store.path] ?? {}) } };
  }

  recent(): RecentProject[] {
    return this.state.recent.map((r) => ({ ...r, exists: existsSync(r.path) }));
  }

  /**
   * Opens an existing project file; the one open stays open when it fails (a missing file:
   * 'not-found'). Resolves once the project open before is closed (its workers ended).
   */
  async open(path: string): Promise<ProjectInfo> {
    const file = resolve(path);
    if (this.current && realPath(file) === realPath(this.current.store.path)) return this.touch();
    if (!existsSync(file)) {
      throw new ServiceError('not-found', `${path} is not there any more (moved or deleted?); it stays in Recent Projects until you remove it`, { file: path });
    }
    if (statSync(file).isDirectory()) throw new ServiceError('invalid-argument', `${path} is a folder, not a Qalam project`, { file: path });
    return this.replace(openService(file));
  }

  /** A new, empty project (default schema); never over an existing file. Resolves once the project open before is closed. */
  async create(path: string, name?: string): Promise<ProjectInfo> {
    const file = resolve(path);
    return this.replace(initProject(file, name === undefined ? {} : { name }));
  }

  /**
   * Save As: a copy of the open project through SQLite's backup API (consistent while the project
   * is in use; written beside the target and renamed into place), which then becomes the open
   * project. Never the open project itself (nor its -wal/-shm); an existing file only with
   * `overwrite` (the user confirmed). The per-project view goes with it.
   */
  async saveAs(path: string, overwrite = false): Promise<ProjectInfo> {
    const source = this.service;
    const target = resolve(path);
    guardProject(target, source.store.path);
    if (existsSync(target)) {
      if (statSync(target).isDirectory()) throw new ServiceError('invalid-argument', `${path} is a folder; name a file`, { file: path });
      if (!overwrite) throw new ServiceError('conflict', `${path} already exists; confirm to replace it`, { file: path });
    }
    const parent = dirname(target);
    if (!existsSync(parent) || !statSync(parent).isDirectory()) {
      throw new ServiceError('not-found', `cannot save to ${path}: folder ${parent} does not exist`, { file: path });
    }
    const tmp = join(parent, `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
    const db = new Database(source.store.path, { readonly: true, fileMustExist: true });
    try {
      await db.backup(tmp);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw describeFailure(e, path);
    } finally {
      db.close();
    }
    if (this.current !== source) {
      rmSync(tmp, { force: true });
      throw new ServiceError('conflict', 'another project was opened while saving; nothing was saved');
    }
    // A stale WAL beside the target would be replayed into the copy: remove it first.
    for (const f of [`${target}-wal`, `${target}-shm`, `${target}-journal`]) rmSync(f, { force: true });
    renameSync(tmp, target);
    const copy = openService(target);
    try {
      copy.store.setSetting('project_name', basename(target, extname(target)));
    } catch (e) {
      await copy.close();
      throw e;
    }
    const view = this.state.views[source.store.path];
    if (view) this.state.views[copy.store.path] = { ...view };
    return this.replace(copy);
  }

  /** Merges `view` into the open project's remembered view. */
  setView(view: unknown): ProjectView {
    const path = this.service.store.path;
    const merged = { ...(this.state.views[path] ?? {}), ...cleanView(view) };
    this.state.views[path] = merged;
    this.save();
    return { ...merged };
  }

  /** Removes a project from the recent list (not the file). */
  forget(path: string): RecentProject[] {
    const file = resolve(path);
    this.state.recent = this.state.recent.filter((r) => r.path !== file);
    delete this.state.views[file];
    this.save();
    return this.recent();
  }

  /**
   * Closes the open project; resolves when it and every project closed before it (a switch) are
   * closed, their workers ended: nothing writes their files any more (the app quits then).
   */
  async close(): Promise<void> {
    const s = this.current;
    this.current = null;
    if (s) void this.retire(s);
    await Promise.all([...this.closing]);
  }

  // ---- the window's dispatcher -------------------------------------------------------------------

  /** The open service's progress listener (export.run, import.run). */
  get progress(): QalamService['progress'] {
    return this.current?.progress ?? this.pendingProgress;
  }

  set progress(listener: QalamService['progress']) {
    this.pendingProgress = listener;
    if (this.current) this.current.progress = listener;
  }

  /** `project.*` answered here, anything else by the open project's service. Never throws. */
  dispatch(method: string, args: unknown): Result<unknown> | Promise<Result<unknown>> {
    if (!isProjectMethod(method)) {
      if (!this.current) return { ok: false, error: { code: 'internal', message: 'no project is open' } };
      const answer = this.current.dispatch(method, args);
      // The window's start: the service's session and list, with what the host remembers of the project.
      if (method === 'session.boot' && !(answer instanceof Promise) && answer.ok) {
        return { ok: true, value: { ...(answer.value as BootInfo), project: this.info() } };
      }
      return answer;
    }
    try {
      const value = this.run(method, args);
      if (value instanceof Promise) {
        return value.then(
          (v: unknown): Result<unknown> => ({ ok: true, value: v }),
          (e: unknown): Result<unknown> => ({ ok: false, error: toApiError(describeFailure(e, this.current?.store.path ?? '')) }),
        );
      }
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: toApiError(describeFailure(e, this.current?.store.path ?? '')) };
    }
  }

  /** Typed in-process call (throws a ServiceError). */
  call<M extends ProjectMethod>(method: M, args: ProjectArgs<M>): M extends SwitchingMethod ? Promise<ProjectRet<M>> : ProjectRet<M> {
    return this.run(method, args) as M extends SwitchingMethod ? Promise<ProjectRet<M>> : ProjectRet<M>;
  }

  private run(method: ProjectMethod, args: unknown): unknown {
    const o = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
    switch (method) {
      case 'project.current':
        return this.info();
      case 'project.recent':
        return this.recent();
      case 'project.open':
        return this.open(stringArg(o, 'path'));
      case 'project.create':
        return this.create(stringArg(o, 'path'), typeof o['name'] === 'string' ? o['name'] : undefined);
      case 'project.saveAs':
        return this.saveAs(stringArg(o, 'path'), o['overwrite'] === true);
      case 'project.setView':
        return this.setView(o['view']);
      case 'project.forget':
        return this.forget(stringArg(o, 'path'));
    }
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** The projects closed and not yet ended (their workers): `close` waits for them. */
  private readonly closing = new Set<Promise<void>>();

  /** Closes `s`, kept among `closing` until it has ended. */
  private retire(s: QalamService): Promise<void> {
    const closed = s.close();
    this.closing.add(closed);
    const forget = () => void this.closing.delete(closed);
    closed.then(forget, forget);
    return closed;
  }

  /**
   * Makes `next` the open project at once (the window's calls go to it), first in the recent
   * list; resolves once the one before is closed, its workers ended (its file may be moved then).
   */
  private async replace(next: QalamService): Promise<ProjectInfo> {
    const before = this.current;
    this.current = next;
    next.progress = this.pendingProgress;
    const closed = before && before !== next ? this.retire(before) : null;
    // the agreement worker started now, idle, so that the first figures do not wait for it
    void next.warm();
    const info = this.touch();
    await closed;
    return info;
  }

  private touch(): ProjectInfo {
    const s = this.service;
    const entry: RecentEntry = { path: s.store.path, name: projectName(s), openedAt: this.now() };
    this.state.recent = [entry, ...this.state.recent.filter((r) => r.path !== entry.path)].slice(0, this.maxRecent);
    this.save();
    const info = this.info();
    for (const l of this.listeners) l(info);
    return info;
  }

  private save(): void {
    try {
      writeFileAtomic(this.file, `${JSON.stringify(this.state, null, 2)}\n`);
    } catch {
      // The user-data folder is not writable: the list is kept for this session only.
    }
  }
}
