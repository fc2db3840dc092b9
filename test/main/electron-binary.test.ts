// `npm start` on a fresh machine: Electron's binary is fetched before electron-vite's preview
// looks for it, the app is built once, and offline it says so in one line.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OFFLINE_HINT, electronInstalled, ensureElectron } from '../../electron/launch/electron-binary';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A stand-in for node_modules/electron whose install.js does what `script` says. */
function fakeElectron(script: string, installed = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'qalam-electron-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  writeFileSync(join(dir, 'install.js'), script);
  if (installed) {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    writeFileSync(join(dir, 'dist', 'version'), 'v45.4.1');
    writeFileSync(join(dir, 'path.txt'), 'electron');
  }
  return dir;
}

const INSTALLS = `const fs = require('fs'), path = require('path');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '');
fs.writeFileSync(path.join(__dirname, 'dist', 'version'), '45.4.1');
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');`;

describe('the Electron binary before npm start', () => {
  it('does nothing when the binary is there', () => {
    const dir = fakeElectron('process.exit(7)', true);
    const lines: string[] = [];
    expect(ensureElectron(dir, (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual([]);
  });

  it("runs Electron's own installer when path.txt is missing", () => {
    const dir = fakeElectron(INSTALLS);
    expect(electronInstalled(dir)).toBe(false);
    const lines: string[] = [];
    expect(ensureElectron(dir, (l) => lines.push(l))).toBe(0);
    expect(electronInstalled(dir)).toBe(true);
    expect(lines).toHaveLength(1);
  });

  it('offline: fails with one line that points to the CLI and the browser tests', () => {
    const dir = fakeElectron("console.error('getaddrinfo ENOTFOUND github.com'); process.exit(1)");
    const lines: string[] = [];
    expect(ensureElectron(dir, (l) => lines.push(l))).toBe(1);
    expect(lines.at(-1)).toBe(OFFLINE_HINT);
    expect(OFFLINE_HINT).toContain('npm run qalam');
    expect(OFFLINE_HINT).not.toContain('\n');
  });

  it('a binary of another version counts as missing', () => {
    const dir = fakeElectron(INSTALLS, true);
    writeFileSync(join(dir, 'dist', 'version'), 'v44.0.0');
    expect(electronInstalled(dir)).toBe(false);
  });

  it('npm start fetches the binary first and builds once (preview builds)', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };
    const start = pkg.scripts.start ?? '';
    expect(start.indexOf('electron/launch/start.ts')).toBeGreaterThanOrEqual(0);
    expect(start.indexOf('electron/launch/start.ts')).toBeLessThan(start.indexOf('electron-vite preview'));
    expect(start).not.toMatch(/electron-vite build/);
    expect(start).not.toMatch(/--skipBuild/);
  });
});
