import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ExportPathOptions, ImportPathOptions, ProgressEvent, Result } from '../contract';
import { exportFormat, isExportFormat } from '../../annotations/formats/catalogue';
import { CHANNELS } from './channels';
import type { ProjectDialog } from '../projectContract';

/** What the IPC layer needs from the service: the transport-free dispatcher. */
export interface Dispatcher {
  /** A Result, or a promise of one for a method answered later (review.agreement: computed in a worker). */
  dispatch(method: string, args: unknown): Result<unknown> | Promise<Result<unknown>>;
  /** Progress of export.run and import.run (QalamService.progress). */
  progress?: ((what: 'export' | 'import', done: number, total: number) => void) | null;
}

/** Extensions the renderer may ask the import dialog to filter by: short alphanumerics only. */
function importOptions(raw: unknown): { extensions: string[]; folders: boolean; title: string } {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as ImportPathOptions;
  const extensions = Array.isArray(o.extensions) ? o.extensions.filter((x): x is string => typeof x === 'string' && /^[a-z0-9]{1,10}$/i.test(x)).slice(0, 10) : [];
  return {
    extensions: extensions.length > 0 ? extensions : ['txt'],
    folders: o.folders === true,
    title: typeof o.title === 'string' ? o.title.slice(0, 80) : 'Import text files',
  };
}

/** The extension (without the dot) of a file export of `format` (the core's catalogue); undefined for a folder format or an unknown one. */
function exportExtension(format: string): string | undefined {
  if (!isExportFormat(format)) return undefined;
  const info = exportFormat(format);
  return info.folder || info.extension === '' ? undefined : info.extension.slice(1);
}

const MAX_SCHEMA_BYTES = 1024 * 1024;

/**
 * Registers the bridge's handlers. Thin on purpose: the service validates every argument and
 * answers errors as values. Main adds only what a transport must: the sender is our own page,
 * and the renderer may import only paths the user picked in a dialog.
 */
export function registerIpc(
  getService: () => Dispatcher,
  getWindow: () => BrowserWindow | null,
  isAppUrl: (url: string) => boolean,
  projects?: { recentPaths(): string[] },
): void {
  const granted = new Set<string>();
  const grantedExports = new Set<string>();
  // Project files chosen in the project dialogs (New, Open, Save As), per dialog.
  const grantedProjects: Record<ProjectDialog, Set<string>> = { new: new Set(), open: new Set(), saveAs: new Set() };
  // Save As targets that existed when picked: the desktop's save dialog has already asked whether to
  // replace them (showOverwriteConfirmation on Linux; always on macOS and Windows), so the page does
  // not ask a second time.
  const confirmedReplace = new Set<string>();

  const fromApp = (event: IpcMainInvokeEvent) => {
    const url = event.senderFrame?.url ?? '';
    return isAppUrl(url);
  };
  const refused = (message: string): Result<never> => ({ ok: false, error: { code: 'invalid-argument', message } });
  // A grant is for one import: revoked when it succeeded (a failed one may be retried, say after
  // confirming new types) and, in any case, by the next pick.
  const revokeAfter = (args: unknown, answer: Result<unknown> | Promise<Result<unknown>>): Result<unknown> | Promise<Result<unknown>> => {
    const revoke = (result: Result<unknown>): Result<unknown> => {
      if (result.ok) for (const p of (args as { paths: string[] }).paths) granted.delete(p);
      return result;
    };
    return answer instanceof Promise ? answer.then(revoke) : revoke(answer);
  };

  ipcMain.handle(CHANNELS.invoke, (event, method: unknown, args: unknown) => {
    if (!fromApp(event)) return refused('call from an unknown page refused');
    if (typeof method !== 'string') return refused('method must be a string');
    if (method === 'documents.importPaths' || method === 'import.run' || method === 'exchange.import') {
      const paths = (args as { paths?: unknown } | null)?.paths;
      if (Array.isArray(paths) && paths.some((p) => typeof p !== 'string' || !granted.has(p))) {
        return refused('only files and folders chosen in the import dialog can be imported');
      }
    }
    if (method === 'project.open' || method === 'project.create' || method === 'project.saveAs') {
      const path = (args as { path?: unknown } | null)?.path;
      const kind: ProjectDialog = method === 'project.open' ? 'open' : method === 'project.create' ? 'new' : 'saveAs';
      const ok = typeof path === 'string' && (grantedProjects[kind].has(path) || (kind === 'open' && (projects?.recentPaths() ?? []).includes(path)));
      if (!ok) return refused('only a project chosen in a project dialog or in Recent Projects can be opened or written');
      if (kind === 'saveAs' && confirmedReplace.has(path)) args = { ...(args as object), overwrite: true };
    }
    if (method === 'export.run' || method === 'exchange.export') {
      const out = (args as { out?: unknown } | null)?.out;
      if (typeof out !== 'string' || !grantedExports.has(out)) return refused('the export can only write where the export dialog said');
    }
    const service = getService();
    if (method === 'documents.importPaths' || method === 'exchange.import') return revokeAfter(args, service.dispatch(method, args));
    if (method !== 'export.run' && method !== 'import.run') return service.dispatch(method, args);
    // Long runs: their progress goes to the page that asked, as it happens.
    const sender = (event as { sender?: { send(channel: string, value: ProgressEvent): void; isDestroyed?(): boolean } }).sender;
    service.progress = (what, done, total) => {
      if (sender && !sender.isDestroyed?.()) sender.send(CHANNELS.progress, { what, done, total });
    };
    try {
      const result = service.dispatch(method, args);
      return method === 'import.run' ? revokeAfter(args, result) : result;
    } finally {
      service.progress = null;
    }
  });

  ipcMain.handle(CHANNELS.pickImportPaths, async (event, raw?: unknown) => {
    if (!fromApp(event)) return [];
    const win = getWindow();
    const asked = importOptions(raw);
    const options = {
      title: asked.title,
      buttonLabel: 'Import',
      filters: [{ name: asked.extensions.join(', '), extensions: asked.extensions }],
      properties: (asked.folders || raw === undefined ? ['openFile', 'openDirectory', 'multiSelections'] : ['openFile', 'multiSelections']) as Array<
        'openFile' | 'openDirectory' | 'multiSelections'
      >,
    };
    const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    granted.clear();
    if (picked.canceled) return [];
    for (const p of picked.filePaths) granted.add(p);
    return picked.filePaths;
  });

  // A save dialog also for folder exports: the user names a new folder. export.run writes into an
  // existing one (or replaces an existing file) only with `overwrite`, which the export dialog
  // sets after asking the user (safeWrite's rules; never the project).
  ipcMain.handle(CHANNELS.pickExportPath, async (event, raw?: unknown) => {
    if (!fromApp(event)) return null;
    const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<ExportPathOptions>;
    const folder = o.folder === true;
    const format = typeof o.format === 'string' ? o.format : 'jsonl';
    const ext = exportExtension(format);
    const name = typeof o.defaultName === 'string' && /^[\w .-]{1,80}$/.test(o.defaultName) ? o.defaultName : `qalam-${format}${folder || !ext ? '' : `.${ext}`}`;
    const win = getWindow();
    const options = {
      title: folder ? `Export (${format}): name the folder to create` : `Export (${format})`,
      buttonLabel: 'Export',
      defaultPath: name,
      ...(!folder && ext ? { filters: [{ name: format, extensions: [ext] }] } : {}),
      properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'>,
    };
    const picked = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (picked.canceled || !picked.filePath) return null;
    grantedExports.add(picked.filePath);
    return picked.filePath;
  });

  ipcMain.handle(CHANNELS.pickProjectPath, async (event, raw: unknown) => {
    if (!fromApp(event)) return null;
    const kind: ProjectDialog = raw === 'new' || raw === 'saveAs' ? raw : 'open';
    const win = getWindow();
    const filters = [{ name: 'Qalam project', extensions: ['qalam'] }];
    let path: string | undefined;
    if (kind === 'open') {
      const options = { title: 'Open Project', filters, properties: ['openFile'] as Array<'openFile'> };
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      path = picked.canceled ? undefined : picked.filePaths[0];
    } else {
      const options = {
        title: kind === 'new' ? 'New Project' : 'Save Project As',
        defaultPath: kind === 'new' ? 'project.qalam' : 'copy.qalam',
        filters,
        properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'>,
      };
      const picked = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      path = picked.canceled ? undefined : picked.filePath;
    }
    grantedProjects[kind].clear();
    if (kind === 'saveAs') confirmedReplace.clear();
    if (!path) return null;
    grantedProjects[kind].add(path);
    if (kind === 'saveAs' && existsSync(path)) confirmedReplace.add(path);
    return path;
  });

  // Files and folders dropped on the window: the preload gives the paths of the File objects the
  // drop carried (a page cannot make a File with a path of its choosing); granted for one import.
  ipcMain.handle(CHANNELS.grantDropped, (event, raw: unknown) => {
    if (!fromApp(event) || !Array.isArray(raw)) return [];
    const paths = raw.filter((p): p is string => typeof p === 'string' && p.length > 0).slice(0, 1000);
    granted.clear();
    for (const p of paths) granted.add(p);
    return paths;
  });

  ipcMain.handle(CHANNELS.pickSchemaFile, async (event) => {
    if (!fromApp(event)) return null;
    const win = getWindow();
    const options = {
      title: 'Replace the entity schema',
      filters: [{ name: 'Qalam schema (JSON)', extensions: ['json'] }],
      properties: ['openFile'] as Array<'openFile'>,
    };
    const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    const file = picked.filePaths[0];
    if (picked.canceled || !file) return null;
    if ((await stat(file)).size > MAX_SCHEMA_BYTES) {
      return { fileName: basename(file), json: '"schema file larger than 1 MiB"' };
    }
    return { fileName: basename(file), json: await readFile(file, 'utf8') };
  });
}
