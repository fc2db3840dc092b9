// The Electron main process's own rules, tested without the Electron binary: `electron` is
// replaced by a recorder of what main registers, the service is the real one on a real file.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
const dialogAnswer: { canceled: boolean; filePaths: string[] } = { canceled: false, filePaths: [] };
const saveAnswer: { canceled: boolean; filePath?: string } = { canceled: true };
const dialogOptions: unknown[] = [];

vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => handlers.set(channel, fn) },
  dialog: {
    showOpenDialog: async (options: unknown) => {
      dialogOptions.push(options);
      return dialogAnswer;
    },
    showSaveDialog: async (options: unknown) => {
      dialogOptions.push(options);
      return saveAnswer;
    },
  },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => {} },
}));

const { registerIpc } = await import('../../electron/main/ipc');
const { CHANNELS } = await import('../../electron/main/channels');
const { CONTENT_SECURITY_POLICY, SECURE_WEB_PREFERENCES } = await import('../../electron/main/security');
const { openOrCreateDefaultProject } = await import('../../electron/service/bootstrap');

const repo = fileURLToPath(new URL('../..', import.meta.url));
const appUrl = 'file:///opt/qalam/resources/app.asar/out/renderer/index.html';
const fromApp = { senderFrame: { url: appUrl } };
const fromElsewhere = { senderFrame: { url: 'https://example.com/' } };

describe('window security', () => {
  it('isolates, sandboxes and denies Node to the renderer', () => {
    expect(SECURE_WEB_PREFERENCES.contextIsolation).toBe(true);
    expect(SECURE_WEB_PREFERENCES.sandbox).toBe(true);
    expect(SECURE_WEB_PREFERENCES.nodeIntegration).toBe(false);
    expect(SECURE_WEB_PREFERENCES.webviewTag).toBe(false);
  });
  it('has a strict Content-Security-Policy, also in the page itself', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    const html = readFileSync(join(repo, 'renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain("default-src 'none'");
    expect(meta).toContain("script-src 'self'");
    expect(meta).not.toContain('unsafe-eval');
    expect(meta).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

describe('IPC registration', () => {
  let dir: string;
  let service: ReturnType<typeof openOrCreateDefaultProject>;

  beforeEach(() => {
    handlers.clear();
    dir = mkdtempSync(join(tmpdir(), 'qalam-main-'));
    service = openOrCreateDefaultProject(join(dir, 'default.qalam'), join(repo, 'seeds'));
    registerIpc(() => service, () => null, (url) => url === appUrl);
  });
  afterEach(() => {
    service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const invoke = (event: unknown, method: unknown, args: unknown) => handlers.get(CHANNELS.invoke)!(event, method, args);

  it('registers the bridge channels', () => {
    expect([...handlers.keys()].sort()).toEqual([CHANNELS.invoke, CHANNELS.pickImportPaths, CHANNELS.pickExportPath, CHANNELS.pickSchemaFile].sort());
  });

  it('forwards calls from the app page to the service, with errors as values', () => {
    const list = invoke(fromApp, 'documents.list', {}) as { ok: boolean; value: unknown[] };
    expect(list.ok).toBe(true);
    expect(list.value).toHaveLength(2);
    const bad = invoke(fromApp, 'mentions.create', { docId: 'nope' }) as { ok: boolean; error: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const unknown = invoke(fromApp, 'no.such.method', {}) as { ok: boolean };
    expect(unknown.ok).toBe(false);
  });

  it('refuses calls from any other page', () => {
    const r = invoke(fromElsewhere, 'documents.list', {}) as { ok: boolean; error: { message: string } };
    expect(r.ok).toBe(false);
    expect(r.error.message).toMatch(/unknown page/);
  });

  it('imports only paths the user picked in the dialog', async () => {
    const seed = join(repo, 'seeds/000_02cc41fc914e2978.txt');
    const refused = invoke(fromApp, 'documents.importPaths', { paths: [seed] }) as { ok: boolean; error: { message: string } };
    expect(refused.ok).toBe(false);
    expect(refused.error.message).toMatch(/import dialog/);

    dialogAnswer.canceled = false;
    dialogAnswer.filePaths = [seed];
    expect(await handlers.get(CHANNELS.pickImportPaths)!(fromApp)).toEqual([seed]);
    const allowed = invoke(fromApp, 'documents.importPaths', { paths: [seed] }) as { ok: boolean; value: { skipped: unknown[] } };
    expect(allowed.ok).toBe(true);
    expect(allowed.value.skipped).toHaveLength(1); // the seed is already in the default project
  });

  it('gives the dialogs nothing when asked by another page', async () => {
    dialogAnswer.filePaths = ['/etc/passwd'];
    saveAnswer.canceled = false;
    saveAnswer.filePath = '/etc/passwd';
    expect(await handlers.get(CHANNELS.pickImportPaths)!(fromElsewhere)).toEqual([]);
    expect(await handlers.get(CHANNELS.pickSchemaFile)!(fromElsewhere)).toBeNull();
    expect(await handlers.get(CHANNELS.pickExportPath)!(fromElsewhere, { format: 'brat', folder: true })).toBeNull();
  });

  it('exports only where the user said in the save dialog, with progress to the page', async () => {
    const out = join(dir, 'brat-out');
    const sent: unknown[][] = [];
    const fromAppWithSender = { ...fromApp, sender: { send: (...a: unknown[]) => sent.push(a), isDestroyed: () => false } };
    const refused = invoke(fromAppWithSender, 'export.run', { format: 'brat', out }) as { ok: boolean; error: { message: string } };
    expect(refused.ok).toBe(false);
    expect(refused.error.message).toMatch(/export dialog/);
    expect(existsSync(out)).toBe(false);

    saveAnswer.canceled = true;
    expect(await handlers.get(CHANNELS.pickExportPath)!(fromApp, { format: 'brat', folder: true })).toBeNull();
    saveAnswer.canceled = false;
    saveAnswer.filePath = out;
    dialogOptions.length = 0;
    expect(await handlers.get(CHANNELS.pickExportPath)!(fromApp, { format: 'brat', folder: true, defaultName: 'brat-out' })).toBe(out);
    expect(dialogOptions[0]).toMatchObject({ defaultPath: 'brat-out', buttonLabel: 'Export' });
    const done = invoke(fromAppWithSender, 'export.run', { format: 'brat', out }) as { ok: boolean; value: { documents: number } };
    expect(done.ok).toBe(true);
    expect(done.value.documents).toBe(2);
    expect(existsSync(join(out, 'annotation.conf'))).toBe(true);
    expect(sent).toContainEqual([CHANNELS.progress, { what: 'export', done: 2, total: 2 }]);
    expect(service.progress).toBeNull();
    // Another path is still refused.
    const other = invoke(fromApp, 'export.run', { format: 'brat', out: join(dir, 'elsewhere') }) as { ok: boolean };
    expect(other.ok).toBe(false);
  });

  it('imports annotations (import.run) only from paths picked in the dialog, filtered as the page asked', async () => {
    const file = join(dir, 'one.jsonl');
    writeFileSync(file, JSON.stringify({ text: 'שלום עולם', label: [[0, 4, 'PER']] }) + '\n');
    const refused = invoke(fromApp, 'import.run', { format: 'doccano', paths: [file] }) as { ok: boolean; error: { message: string } };
    expect(refused.ok).toBe(false);
    expect(refused.error.message).toMatch(/import dialog/);
    dialogAnswer.canceled = false;
    dialogAnswer.filePaths = [file];
    dialogOptions.length = 0;
    expect(await handlers.get(CHANNELS.pickImportPaths)!(fromApp, { extensions: ['jsonl', '../x', 'json'], folders: false })).toEqual([file]);
    expect(dialogOptions[0]).toMatchObject({ filters: [{ extensions: ['jsonl', 'json'] }], properties: ['openFile', 'multiSelections'] });
    const ok = invoke(fromApp, 'import.run', { format: 'doccano', paths: [file], annotator: 'dana' }) as { ok: boolean; value: { mentions: number } };
    expect(ok.ok).toBe(true);
    expect(ok.value.mentions).toBe(1);
  });
});
