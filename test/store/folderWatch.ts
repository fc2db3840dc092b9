/**
 * A project's folder after its close: nothing in it may change, it holds only the project file
 * (the last connection removed -wal and -shm), and it can be removed at once (no retries).
 * close.test.ts (a service with busy workers) and projectHost.test.ts (switching) share it.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every file of the folder with its size and last change. */
function folderSnapshot(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .map((name) => {
      try {
        const s = statSync(join(dir, name));
        return `${name} ${s.size} ${s.mtimeMs}`;
      } catch {
        return `${name} gone`;
      }
    });
}

/** For `ms`, nothing of `dir` changes and it holds only `file`; then it is removed at once and nothing comes back. */
export async function stillThenRemoved(dir: string, file: string, ms: number): Promise<void> {
  const after = folderSnapshot(dir);
  for (let t = 0; t < ms; t += 25) {
    await sleep(25);
    expect(folderSnapshot(dir)).toEqual(after);
  }
  expect(after.map((l) => l.split(' ')[0])).toEqual([file]);
  rmSync(dir, { recursive: true });
  await sleep(100);
  expect(existsSync(dir)).toBe(false);
}
