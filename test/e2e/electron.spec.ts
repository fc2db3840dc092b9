/**
 * The desktop app itself: Electron starts out/main/index.js (built by `npm run build`), opens its
 * window on a fresh project, and the page talks to the service through the real preload bridge.
 *
 * Skips, saying why, when the Electron binary is not installed (it is a download that CI does not
 * make: ELECTRON_SKIP_BINARY_DOWNLOAD) or the main process is not built. The binary is looked up
 * without require('electron'), which would try to download it. Without a display, a private
 * Xvfb is started for the test when /usr/bin/Xvfb exists.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO } from './harness';

function electronBinary(): { path: string | null; reason: string } {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch (e) {
    return { path: null, reason: `the electron package is not installed (${e instanceof Error ? e.message : String(e)})` };
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      path: null,
      reason: `the Electron binary is missing (${pathFile} does not exist: installed with ELECTRON_SKIP_BINARY_DOWNLOAD?). Run \`node node_modules/electron/install.js\` to fetch it.`,
    };
  }
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  const path = override ? join(override, relative || 'electron') : join(dir, 'dist', relative);
  if (!existsSync(path)) return { path: null, reason: `the Electron binary ${path} is missing; run \`node node_modules/electron/install.js\`` };
  return { path, reason: '' };
}

async function startXvfb(): Promise<{ display: string; process: ChildProcess } | null> {
  if (!existsSync('/usr/bin/Xvfb')) return null;
  for (let n = 90 + Math.floor(Math.random() * 100); n < 400; n += 7) {
    if (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) continue;
    const xvfb = spawn('/usr/bin/Xvfb', [`:${n}`, '-screen', '0', '1440x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
    for (let i = 0; i < 50 && xvfb.exitCode === null; i++) {
      if (existsSync(`/tmp/.X11-unix/X${n}`)) return { display: `:${n}`, process: xvfb };
      await new Promise((ok) => setTimeout(ok, 100));
    }
    if (xvfb.exitCode === null) xvfb.kill();
  }
  return null;
}

test('the desktop app opens its window and the page reaches the service through the preload', async () => {
  const skip = (why: string) => {
    console.warn(`Electron launch test skipped: ${why}`);
    test.skip(true, `Electron launch test skipped: ${why}`);
  };
  const binary = electronBinary();
  if (binary.path === null) skip(binary.reason);
  const main = join(REPO, 'out/main/index.js');
  if (!existsSync(main)) skip(`${main} is missing; run \`npm run build\` first`);

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RENDERER_URL') env[k] = v;
  let xvfb: ChildProcess | null = null;
  if (process.platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY']) {
    const started = await startXvfb();
    if (started === null) skip('no display, and Xvfb could not be started');
    xvfb = started!.process;
    env['DISPLAY'] = started!.display;
  }

  const dir = mkdtempSync(join(tmpdir(), 'qalam-electron-'));
  const args = [main, `--project=${join(dir, 'desktop.qalam')}`];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const app = await electron.launch({ executablePath: binary.path!, args, env, cwd: REPO });
  try {
    const win = await app.firstWindow();
    await expect(win.locator('.app-header')).toBeVisible({ timeout: 20_000 });
    // The real bridge: preload → IPC → main → service.
    const session = await win.evaluate(() => window.qalam.invoke('session.get', {}));
    expect(session).toMatchObject({ ok: true });
    expect(await win.evaluate(() => typeof window.qalam.pickSchemaFile)).toBe('function');
    // A fresh project asks who is annotating.
    const dialog = win.getByRole('dialog', { name: 'Welcome to Qalam' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Your name').fill('electron');
    await dialog.getByRole('button', { name: 'Start annotating' }).click();
    await expect(win.getByTestId('annotator')).toContainText('electron');
    // No Node in the page.
    expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  } finally {
    await app.close();
    xvfb?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
