import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openProject } from '../../electron/store';
import { REPO_ROOT, removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

const WRITER = join(REPO_ROOT, 'test/store/fixtures/writer.ts');
const DOC = '00000000000000aa';
const BATCH = 25;

function prepare(): string {
  const file = join(tempDir('qalam-crash-'), 'crash.qalam');
  const store = openProject(file, { create: true });
  store.insertDocuments([
    { id: DOC, name: 'd', sourcePath: null, sha256: 'a'.repeat(64), text: 'x'.repeat(2000), lang: 'other', dir: 'ltr', length: 2000, importedAt: 'x' },
  ]);
  store.ensureAnnotator('writer', 'x');
  store.close();
  return file;
}

/**
 * Runs the writer and SIGKILLs it as soon as `until` matches a line of its output.
 * Resolves with every line it printed.
 */
function runAndKill(file: string, mode: 'many' | 'long', until: (line: string) => boolean): Promise<{ lines: string[]; signal: string | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, DOC, mode], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let buf = '';
    let stderr = '';
    let killed = false;
    // A stall, not a slow machine, fails the test: the deadline moves on with every line printed.
    const stalled = () => {
      child.kill('SIGKILL');
      reject(new Error(`writer printed nothing for 45 s before the kill point; stdout: ${lines.slice(-3).join(' | ')}; stderr: ${stderr}`));
    };
    let timer = setTimeout(stalled, 45_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      if (parts.length > 0 && !killed) {
        clearTimeout(timer);
        timer = setTimeout(stalled, 45_000);
      }
      for (const line of parts) {
        lines.push(line);
        if (!killed && until(line)) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (!killed) reject(new Error(`writer exited on its own: ${stderr}`));
      else resolvePromise({ lines, signal });
    });
  });
}

function committedCount(lines: string[]): number {
  return lines.filter((l) => l.startsWith('committed ')).length;
}

function typeCounts(file: string): Map<string, number> {
  const store = openProject(file);
  try {
    expect(store.integrityCheck()).toEqual(['ok']);
    const counts = new Map<string, number>();
    for (const m of store.listMentions(DOC)) counts.set(m.type, (counts.get(m.type) ?? 0) + 1);
    return counts;
  } finally {
    store.close();
  }
}

// Each case may take minutes on a loaded machine (the writer's progress keeps it alive; a stall fails it).
describe('a writer killed with SIGKILL leaves the project intact', () => {
  it('between many small transactions: every committed transaction is there, none partially', async () => {
    const file = prepare();
    const { lines, signal } = await runAndKill(file, 'many', (l) => l === 'committed 300');
    expect(signal).toBe('SIGKILL');
    const reported = committedCount(lines);
    expect(reported).toBeGreaterThanOrEqual(300);

    const counts = typeCounts(file);
    // The transaction under way when the kill came may or may not have committed; never half of it.
    expect(counts.size).toBeGreaterThanOrEqual(reported);
    expect(counts.size).toBeLessThanOrEqual(reported + 1);
    for (let n = 0; n < counts.size; n++) expect(counts.get(`T${n}`), `batch T${n}`).toBe(BATCH);
  }, 300_000);

  it('inside one long transaction: nothing of it is visible, earlier commits are', async () => {
    const file = prepare();
    const { lines, signal } = await runAndKill(file, 'long', (l) => l === 'in-long 200000');
    expect(signal).toBe('SIGKILL');
    expect(committedCount(lines)).toBe(5);
    expect(lines).toContain('in-long 200000');
    // The uncommitted transaction outgrew the page cache, so its pages did reach the WAL file:
    // recovery has to ignore them, not merely never see them.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(1_000_000);

    const counts = typeCounts(file);
    expect(counts.has('LONG')).toBe(false);
    expect([...counts.keys()].sort()).toEqual(['T0', 'T1', 'T2', 'T3', 'T4']);
    for (const n of counts.values()) expect(n).toBe(BATCH);

    // And the project is still writable afterwards.
    const store = openProject(file);
    store.insertMention({ docId: DOC, type: 'AFTER', start: 0, end: 1, annotator: 'writer', origin: 'manual', createdAt: 'x', updatedAt: 'x' });
    store.close();
    expect(typeCounts(file).get('AFTER')).toBe(1);
  }, 300_000);
});
