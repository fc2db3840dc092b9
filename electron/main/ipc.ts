import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { Result } from '../contract';
import { CHANNELS } from './channels';

/** What the IPC layer needs from the service: the transport-free dispatcher. */
export interface Dispatcher {
  dispatch(method: string, args: unknown): Result<unknown>;
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
): void {
  const granted = new Set<string>();

  const fromApp = (event: IpcMainInvokeEvent) => {
    const url = event.senderFrame?.url ?? '';
    return isAppUrl(url);
  };
  const refused = (message: string): Result<never> => ({ ok: false, error: { code: 'invalid-argument', message } });

  ipcMain.handle(CHANNELS.invoke, (event, method: unknown, args: unknown) => {
    if (!fromApp(event)) return refused('call from an unknown page refused');
    if (typeof method !== 'string') return refused('method must be a string');
    if (method === 'documents.importPaths') {
      const paths = (args as { paths?: unknown } | null)?.paths;
      if (Array.isArray(paths) && paths.some((p) => typeof p !== 'string' || !granted.has(p))) {
        return refused('only files and folders chosen in the import dialog can be imported');
      }
    }
    return getService().dispatch(method, args);
  });

  ipcMain.handle(CHANNELS.pickImportPaths, async (event) => {
    if (!fromApp(event)) return [];
    const win = getWindow();
    const options = {
      title: 'Import text files',
      buttonLabel: 'Import',
      filters: [{ name: 'UTF-8 text', extensions: ['txt'] }],
      properties: ['openFile', 'openDirectory', 'multiSelections'] as Array<'openFile' | 'openDirectory' | 'multiSelections'>,
    };
    const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (picked.canceled) return [];
    for (const p of picked.filePaths) granted.add(p);
    return picked.filePaths;
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
