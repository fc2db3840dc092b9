// The Electron main process: window, menu, security, IPC registration. Everything else is the
// service's (electron/service), which the CLI and the end-to-end tests use unchanged.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { openOrCreateDefaultProject } from '../service/bootstrap';
import type { QalamService } from '../service/service';
import { registerIpc } from './ipc';
import { installMenu } from './menu';
import { hardenSession, hardenWindow, makeIsAppUrl, SECURE_WEB_PREFERENCES } from './security';

const here = fileURLToPath(new URL('.', import.meta.url));
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
const isDev = !app.isPackaged && Boolean(devServerUrl);
const rendererFile = join(here, '../renderer/index.html');

let mainWindow: BrowserWindow | null = null;
let service: QalamService | null = null;

/** The project file: `--project=FILE` or QALAM_PROJECT, else the default project in user data. */
function projectPath(): string {
  const flag = process.argv.find((a) => a.startsWith('--project='));
  if (flag) return flag.slice('--project='.length);
  return process.env['QALAM_PROJECT'] ?? join(app.getPath('userData'), 'default.qalam');
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

function getService(): QalamService {
  if (!service) throw new Error('the project is not open');
  return service;
}

app.enableSandbox();

void app.whenReady().then(() => {
  try {
    service = openOrCreateDefaultProject(projectPath(), seedDir());
  } catch (err) {
    dialog.showErrorBox('Qalam cannot open the project', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }
  hardenSession(session.defaultSession);
  registerIpc(getService, () => mainWindow, isAppUrl);
  installMenu(() => mainWindow, isDev);
  mainWindow = createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  service?.close();
  service = null;
});
