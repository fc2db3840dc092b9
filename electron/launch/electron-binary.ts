// `npm start`, first step (run by start.ts): make sure Electron's binary is on this machine before electron-vite's
// preview looks for it. Electron's npm package no longer fetches the binary at install time (it
// has no install script); it downloads on the first `require('electron')`, but electron-vite reads
// `node_modules/electron/path.txt` itself and stops with "Electron uninstall" when it is missing.
// So: if the binary is missing, run Electron's own installer (install.js, the same download
// `require('electron')` would do); if that fails (offline), say so in one line and point to what
// works without it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const OFFLINE_HINT =
  'Qalam: the Electron binary is not installed and could not be downloaded (offline?), so the desktop window cannot open here; ' +
  'the same service runs headless (`npm run qalam -- --help`) and the window is tested in Chromium (`npm test`).';

/** Where the electron npm package lives (QALAM_ELECTRON_DIR overrides it, for tests). */
export function electronPackageDir(): string {
  const override = process.env.QALAM_ELECTRON_DIR;
  if (override) return override;
  return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
}

/** True when path.txt names a binary that exists under dist/ for this package's version. */
export function electronInstalled(dir: string): boolean {
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return false;
  const executable = readFileSync(pathFile, 'utf8').trim();
  if (executable === '' || !existsSync(join(dir, 'dist', executable))) return false;
  try {
    const wanted = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
    const have = readFileSync(join(dir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    return wanted === undefined || have === wanted;
  } catch {
    return false;
  }
}

/** 0 when the binary is there (or was fetched now), 1 with one line on stderr when it cannot be had. */
export function ensureElectron(dir: string, log: (line: string) => void): number {
  if (electronInstalled(dir)) return 0;
  log('Qalam: fetching the Electron binary (first start on this machine)…');
  const result = spawnSync(process.execPath, [join(dir, 'install.js')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (result.status === 0 && electronInstalled(dir)) return 0;
  log(OFFLINE_HINT);
  return 1;
}
