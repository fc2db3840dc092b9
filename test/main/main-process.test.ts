// The Electron main process's own rules, tested without the Electron binary: `electron` is
// replaced by a recorder of what main registers, the service is the real one on a real file.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
const { CONTENT_SECURITY_POLICY, SECURE_WEB_PREFERENCES, hardenSession, hardenWindow, makeIsAppUrl } = await import('../../electron/main/security');
const { openOrCreateDefaultProject } = await import('../../electron/service/bootstrap');

const repo = fileURLToPath(new URL('../..', import.meta.url));
const rendererFile = '/opt/qalam/resources/app.asar/out/renderer/index.html';
const appUrl = pathToFileURL(rendererFile).href;
// The real test main uses (electron/main/index.ts builds it the same way).
const isAppUrl = makeIsAppUrl(rendererFile);
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

describe('isAppUrl', () => {
  it("accepts only this app's own renderer file", () => {
    expect(isAppUrl(appUrl)).toBe(true);
    expect(isAppUrl(`${appUrl}#/doc/1`)).toBe(true);
    expect(isAppUrl('file://localhost/opt/qalam/resources/app.asar/out/renderer/index.html')).toBe(true);
    for (const other of [
      'file:///tmp/evil/renderer/index.html',
      'file:///home/user/Downloads/renderer/index.html',
      'file:///opt/qalam/resources/app.asar/out/renderer/index.html.evil/renderer/index.html',
      'file:///opt/qalam/resources/app.asar/out/renderer/../../../../../tmp/renderer/index.html',
      'file://evil.example/opt/qalam/resources/app.asar/out/renderer/index.html',
      'https://example.com/renderer/index.html',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(other), other).toBe(false);
    }
  });
  it('with a dev server: exactly its origin', () => {
    const dev = makeIsAppUrl(rendererFile, 'http://localhost:5173/');
    expect(dev('http://localhost:5173/')).toBe(true);
    expect(dev('http://localhost:5173/index.html?x=1')).toBe(true);
    expect(dev('http://localhost:5173.evil.com/')).toBe(false);
    expect(dev('http://localhost:51730/')).toBe(false);
    expect(dev('http://localhost:5173@evil.com/')).toBe(false);
    expect(dev(appUrl)).toBe(false);
  });
});

describe('hardenWindow and hardenSession (the real functions, on fakes of the Electron objects)', () => {
  function fakeWindow() {
    const listeners = new Map<string, (event: { preventDefault: () => void }, url?: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | null = null;
    const webContents = {
      on: (name: string, fn: (event: { preventDefault: () => void }, url?: string) => void) => listeners.set(name, fn),
      setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) => (openHandler = fn),
    };
    const fire = (name: string, url?: string): boolean => {
      let prevented = false;
      listeners.get(name)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    return { win: { webContents } as unknown as Parameters<typeof hardenWindow>[0], fire, open: (url: string) => openHandler!({ url }) };
  }

  it('blocks navigation and redirects away from the app, new windows and webviews', () => {
    const { win, fire, open } = fakeWindow();
    hardenWindow(win, isAppUrl);
    expect(fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(fire('will-navigate', 'file:///tmp/evil/renderer/index.html')).toBe(true);
    expect(fire('will-navigate', appUrl)).toBe(false);
    expect(fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(fire('will-redirect', appUrl)).toBe(false);
    expect(fire('will-attach-webview')).toBe(true);
    expect(open('https://example.com/')).toEqual({ action: 'deny' });
    expect(open(appUrl)).toEqual({ action: 'deny' });
  });

  it('puts the CSP on every response and grants no permission', () => {
    let onHeaders: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | null = null;
    let onRequest: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
    let onCheck: ((...a: unknown[]) => boolean) | null = null;
    const session = {
      webRequest: { onHeadersReceived: (fn: typeof onHeaders) => (onHeaders = fn) },
      setPermissionRequestHandler: (fn: typeof onRequest) => (onRequest = fn),
      setPermissionCheckHandler: (fn: typeof onCheck) => (onCheck = fn),
    } as unknown as Parameters<typeof hardenSession>[0];
    hardenSession(session);
    let headers: Record<string, string[]> = {};
    onHeaders!({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': ["default-src *"] } }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['X-Other']).toEqual(['1']);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      let granted: boolean | null = null;
      onRequest!({}, permission, (g) => (granted = g));
      expect(granted).toBe(false);
    }
    expect(onCheck!({}, 'media', 'file://', {})).toBe(false);
  });
});

describe('packaging', () => {
  it('flips the Electron fuses (electron-builder 26 option names)', () => {
    // The block's "  key: true|false" lines (no YAML parser among the dependencies; the block is flat).
    const yml = readFileSync(join(repo, 'electron-builder.yml'), 'utf8').split('\n');
    const at = yml.indexOf('electronFuses:');
    expect(at).toBeGreaterThanOrEqual(0);
    const fuses: Record<string, boolean> = {};
    for (const line of yml.slice(at + 1)) {
      const m = /^ {2}(\w+): (true|false)\s*$/.exec(line);
      if (m === null) break;
      fuses[m[1] as string] = m[2] === 'true';
    }
    const config = { electronFuses: fuses, asar: yml.includes('asar: true') };
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
    // Every name is one electron-builder knows (its JSON schema of FuseOptionsV1).
    const scheme = JSON.parse(readFileSync(join(repo, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as { definitions: { FuseOptionsV1: { properties: Record<string, unknown> } } };
    for (const k of Object.keys(config.electronFuses ?? {})) expect(Object.keys(scheme.definitions.FuseOptionsV1.properties)).toContain(k);
  });
});

describe('IPC registration', () => {
  let dir: string;
  let service: ReturnType<typeof openOrCreateDefaultProject>;

  beforeEach(() => {
    handlers.clear();
    dir = mkdtempSync(join(tmpdir(), 'qalam-main-'));
    service = openOrCreateDefaultProject(join(dir, 'default.qalam'), join(repo, 'seeds'));
    registerIpc(() => service, () => null, isAppUrl);
  });
  afterEach(() => {
    service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const invoke = (event: unknown, method: unknown, args: unknown) => handlers.get(CHANNELS.invoke)!(event, method, args);

  it('registers the bridge channels', () => {
    expect([...handlers.keys()].sort()).toEqual(
      [CHANNELS.invoke, CHANNELS.pickImportPaths, CHANNELS.pickExportPath, CHANNELS.pickSchemaFile, CHANNELS.pickProjectPath, CHANNELS.grantDropped].sort(),
    );
  });

  it('opens, creates or saves a project only where a project dialog said (or, to open, a recent project)', async () => {
    const refusedMessage = /only a project chosen in a project dialog/;
    const elsewhere = join(dir, 'elsewhere.qalam');
    for (const method of ['project.open', 'project.create', 'project.saveAs']) {
      expect(invoke(fromApp, method, { path: elsewhere })).toMatchObject({ ok: false, error: { message: expect.stringMatching(refusedMessage) } });
    }
    dialogAnswer.canceled = false;
    dialogAnswer.filePaths = [elsewhere];
    expect(await handlers.get(CHANNELS.pickProjectPath)!(fromApp, 'open')).toBe(elsewhere);
    // Granted for Open (the service answers: this one has no project host), not for Save As.
    expect(invoke(fromApp, 'project.open', { path: elsewhere })).not.toMatchObject({ error: { message: expect.stringMatching(refusedMessage) } });
    expect(invoke(fromApp, 'project.saveAs', { path: elsewhere })).toMatchObject({ ok: false, error: { message: expect.stringMatching(refusedMessage) } });
    // Dropped files: only the paths the preload read from the dropped File objects may be imported.
    expect(await handlers.get(CHANNELS.grantDropped)!(fromElsewhere, [elsewhere])).toEqual([]);
    expect(await handlers.get(CHANNELS.grantDropped)!(fromApp, [elsewhere, 7])).toEqual([elsewhere]);
    expect(invoke(fromApp, 'documents.importPaths', { paths: [elsewhere] })).not.toMatchObject({ error: { message: expect.stringMatching(/only files and folders chosen/) } });
    dialogAnswer.filePaths = [];
  });

  it('Save As over an existing file: the desktop dialog asked, so the page is not asked again', async () => {
    const calls: { method: string; args: unknown }[] = [];
    // registered again over the same handlers (beforeEach registers the real service for the next test)
    registerIpc(() => ({ dispatch: (method, args) => (calls.push({ method, args }), { ok: true, value: null }) }), () => null, isAppUrl);
    const existing = join(dir, 'existing.qalam');
    writeFileSync(existing, '');
    const fresh = join(dir, 'fresh.qalam');
    saveAnswer.canceled = false;
    saveAnswer.filePath = existing;
    expect(await handlers.get(CHANNELS.pickProjectPath)!(fromApp, 'saveAs')).toBe(existing);
    handlers.get(CHANNELS.invoke)!(fromApp, 'project.saveAs', { path: existing });
    saveAnswer.filePath = fresh;
    expect(await handlers.get(CHANNELS.pickProjectPath)!(fromApp, 'saveAs')).toBe(fresh);
    handlers.get(CHANNELS.invoke)!(fromApp, 'project.saveAs', { path: fresh });
    // the earlier grant and confirmation do not outlive the next pick
    handlers.get(CHANNELS.invoke)!(fromApp, 'project.saveAs', { path: existing });
    saveAnswer.canceled = true;
    delete saveAnswer.filePath;
    expect(calls).toEqual([
      { method: 'project.saveAs', args: { path: existing, overwrite: true } },
      { method: 'project.saveAs', args: { path: fresh } },
    ]);
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

  it('writes and reads exchange folders (exchange.export, exchange.import) only where the dialogs said', async () => {
    const out = join(dir, 'share');
    const refused = invoke(fromApp, 'exchange.export', { out }) as { ok: boolean; error: { message: string } };
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/export dialog/) } });
    expect(existsSync(out)).toBe(false);
    saveAnswer.canceled = false;
    saveAnswer.filePath = out;
    expect(await handlers.get(CHANNELS.pickExportPath)!(fromApp, { format: 'jsonl', folder: true })).toBe(out);
    const written = invoke(fromApp, 'exchange.export', { out }) as { ok: boolean; value: { files: string[] } };
    expect(written.ok).toBe(true);
    expect(written.value.files.length).toBeGreaterThan(0);
    const notPicked = invoke(fromApp, 'exchange.import', { paths: [out] }) as { ok: boolean; error: { message: string } };
    expect(notPicked).toMatchObject({ ok: false, error: { message: expect.stringMatching(/import dialog/) } });
    dialogAnswer.canceled = false;
    dialogAnswer.filePaths = [out];
    expect(await handlers.get(CHANNELS.pickImportPaths)!(fromApp, { folders: true })).toEqual([out]);
    const read = invoke(fromApp, 'exchange.import', { paths: [out] }) as { ok: boolean; value: { unchanged: unknown[] } };
    expect(read.ok).toBe(true);
    expect(read.value.unchanged).toHaveLength(written.value.files.length);
    // the grant was used up by the successful import
    expect((invoke(fromApp, 'exchange.import', { paths: [out] }) as { ok: boolean }).ok).toBe(false);
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

  it('revokes a grant once its import succeeded, and every grant at the next pick', async () => {
    const a = join(dir, 'a.txt');
    const b = join(dir, 'b.txt');
    writeFileSync(a, 'שלום עולם');
    writeFileSync(b, 'مرحبا بالعالم');
    dialogAnswer.canceled = false;
    dialogAnswer.filePaths = [a];
    await handlers.get(CHANNELS.pickImportPaths)!(fromApp);
    // A failed call keeps the grant (the user may retry, say after confirming new types).
    const failed = invoke(fromApp, 'import.run', { format: 'txt', paths: [a], encoding: 'klingon' }) as { ok: boolean; error: { message: string } };
    expect(failed.ok).toBe(false);
    expect(failed.error.message).toMatch(/unknown encoding/);
    expect((invoke(fromApp, 'import.run', { format: 'txt', paths: [a] }) as { ok: boolean }).ok).toBe(true);
    const again = invoke(fromApp, 'import.run', { format: 'txt', paths: [a] }) as { ok: boolean; error: { message: string } };
    expect(again.ok).toBe(false);
    expect(again.error.message).toMatch(/import dialog/);
    // The next pick (even a cancelled one) revokes what the previous one granted.
    dialogAnswer.filePaths = [b];
    await handlers.get(CHANNELS.pickImportPaths)!(fromApp);
    dialogAnswer.canceled = true;
    await handlers.get(CHANNELS.pickImportPaths)!(fromApp);
    dialogAnswer.canceled = false;
    expect((invoke(fromApp, 'documents.importPaths', { paths: [b] }) as { ok: boolean }).ok).toBe(false);
  });
});
