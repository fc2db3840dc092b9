// The Electron main process: window, menu, security, IPC registration. Everything else is the
// service's (electron/service), which the CLI and the end-to-end tests use unchanged.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { ProjectHost } from '../service/projectHost';
import { registerIpc } from './ipc';
import { installMenu } from './menu';
import { closeAll, closeBeforeQuit } from './quit';
import { hardenSession, hardenWindow, makeIsAppUrl, SECURE_WEB_PREFERENCES } from './security';

const here = fileURLToPath(new URL('.', import.meta.url));
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
const isDev = !app.isPackaged && Boolean(devServerUrl);
const rendererFile = join(here, '../renderer/index.html');

let mainWindow: BrowserWindow | null = null;
let host: ProjectHost | null = null;

/**
 * The project to open: `--project=FILE` or QALAM_PROJECT, else the last one opened (the project
 * host's recent list), else the default project in user data.
 */
function projectPath(projects: ProjectHost): string {
  const flag = process.argv.find((a) => a.startsWith('--project='));
  const explicit = flag ? flag.slice('--project='.length) : process.env['QALAM_PROJECT'];
  return projects.startPath(explicit, join(app.getPath('userData'), 'default.qalam'));
}

/** The seed documents: packaged as an extra resource, or the repository's seeds/ in development. */
function seedDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'seeds') : join(app.getAppPath(), 'seeds');
}

const isAppUrl = makeIsAppUrl(rendererFile, devServerUrl);

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title: 'Qalam',
    show: false,
    backgroundColor: '#fbfaf7',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(here, '../preload/index.cjs') },
  });
  hardenWindow(win, isAppUrl);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    mainWindow = null;
  });
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererFile);
  return win;
}

function getHost(): ProjectHost {
  if (!host?.isOpen) throw new Error('the project is not open');
  return host;
}

/** File → Open Recent: the host opens it and the window starts again on it; a missing file is said. */
async function openRecent(path: string): Promise<void> {
  const answer = await getHost().dispatch('project.open', { path });
  if (!answer.ok) {
    void dialog.showMessageBox({ type: 'warning', message: 'Qalam cannot open the project', detail: answer.error.message });
    return;
  }
  mainWindow?.webContents.reload();
}

function buildMenu(): void {
  installMenu(() => mainWindow, isDev, { recent: () => host?.recent() ?? [], openRecent: (path) => void openRecent(path) });
}

app.enableSandbox();

void app.whenReady().then(async () => {
  try {
    host = new ProjectHost({ stateDir: app.getPath('userData') });
    const fallback = join(app.getPath('userData'), 'default.qalam');
    const first = projectPath(host);
    try {
      await host.start(first, seedDir());
    } catch (err) {
      // The last project (from the recent list) cannot be opened: start on the default one.
      if (first === fallback || process.argv.some((a) => a.startsWith('--project=')) || process.env['QALAM_PROJECT']) throw err;
      await host.start(fallback, seedDir());
    }
  } catch (err) {
    dialog.showErrorBox('Qalam cannot open the project', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }
  hardenSession(session.defaultSession);
  registerIpc(getHost, () => mainWindow, isAppUrl, { recentPaths: () => host?.recent().map((r) => r.path) ?? [] });
  // The Open Recent menu follows the recent list.
  host.onChange(() => buildMenu());
  buildMenu();
  mainWindow = createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// The windows closed (sending what they still had), then the project closed, its workers ended, before the app exits.
closeBeforeQuit(
  app,
  async () => {
    await host?.close();
  },
  () => closeAll(BrowserWindow.getAllWindows()),
);
