import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's location (never an absolute /work path). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const made: string[] = [];

/** A fresh, empty folder under the OS temp folder; removed by `removeTempDirs`. */
export function tempDir(prefix = 'qalam-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fixed clock for deterministic timestamps: each call one second later. */
export function fakeClock(start = Date.UTC(2024, 0, 1)): () => string {
  let t = start;
  return () => {
    const s = new Date(t).toISOString();
    t += 1000;
    return s;
  };
}

/** Writes files (creating folders) under `dir`; string contents are written as UTF-8. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = join(dir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
