/**
 * The project host (electron/service/projectHost.ts): the recent list (capped, deduplicated, kept
 * in the user-data folder), a missing recent file reported as a value, Save As through SQLite's
 * backup API (never the open project, never an existing file unconfirmed; the copy has the same
 * annotations), the per-project view, and the window's dispatch (project.* here, the rest to the
 * open service).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initProject } from '../../electron/service';
import { MAX_RECENT, ProjectHost, STATE_FILE } from '../../electron/service/projectHost';
import { stillThenRemoved } from '../store/folderWatch';
import { REPO_ROOT, removeTempDirs, tempDir } from '../store/helpers';

afterAll(removeTempDirs);

const SEEDS = join(REPO_ROOT, 'seeds');

function setup(): { dir: string; userData: string; host: ProjectHost } {
  const dir = tempDir('qalam-host-');
  const userData = join(dir, 'user-data');
  mkdirSync(userData);
  return { dir, userData, host: new ProjectHost({ stateDir: userData }) };
}

function emptyProject(path: string): Promise<void> {
  return initProject(path).close();
}

describe('recent projects', () => {
  it('lists the last opened first, each once, at most MAX_RECENT, kept across hosts', async () => {
    const { dir, userData, host } = setup();
    const paths = Array.from({ length: MAX_RECENT + 3 }, (_, i) => join(dir, `p${i}.qalam`));
    for (const p of paths) await emptyProject(p);
    for (const p of paths) await host.open(p);
    await host.open(paths[2]!);
    await host.open(paths[5]!);
    const recent = host.recent();
    expect(recent).toHaveLength(MAX_RECENT);
    expect(recent[0]!.path).toBe(paths[5]);
    expect(recent[1]!.path).toBe(paths[2]);
    expect(new Set(recent.map((r) => r.path)).size).toBe(MAX_RECENT);
    expect(recent.map((r) => r.name)[0]).toBe('p5');
    await host.close();
    // Another host (the next start) reads the same list from the user-data folder.
    const next = new ProjectHost({ stateDir: userData });
    expect(next.recent().map((r) => r.path)).toEqual(recent.map((r) => r.path));
    expect(next.startPath(undefined, join(dir, 'default.qalam'))).toBe(paths[5]);
    expect(next.startPath(join(dir, 'x.qalam'), join(dir, 'default.qalam'))).toBe(join(dir, 'x.qalam'));
  });

  it('reports a missing recent file as an error value, keeps the open project, and lists it as missing', async () => {
    const { dir, host } = setup();
    const a = join(dir, 'a.qalam');
    const b = join(dir, 'b.qalam');
    await emptyProject(a);
    await emptyProject(b);
    await host.open(b);
    await host.open(a);
    rmSync(b);
    const r = await host.dispatch('project.open', { path: b });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(host.info().path).toBe(a);
    expect(host.recent().find((x) => x.path === b)?.exists).toBe(false);
    expect(host.recent().find((x) => x.path === a)?.exists).toBe(true);
    // Still answering the service's calls.
    expect(host.dispatch('documents.list', {})).toEqual({ ok: true, value: [] });
    expect(host.call('project.forget', { path: b }).map((x) => x.path)).toEqual([a]);
    await host.close();
  });

  it('a damaged state file is an empty list, replaced by the next write', async () => {
    const { dir, userData } = setup();
    writeFileSync(join(userData, STATE_FILE), '{ not json');
    const host = new ProjectHost({ stateDir: userData });
    expect(host.recent()).toEqual([]);
    const a = join(dir, 'a.qalam');
    await host.create(a, 'Alpha');
    expect(JSON.parse(readFileSync(join(userData, STATE_FILE), 'utf8')).recent[0]).toMatchObject({ path: a, name: 'Alpha' });
    await host.close();
  });
});

describe('new project', () => {
  it('creates an empty project and refuses an existing file', async () => {
    const { dir, host } = setup();
    const a = join(dir, 'a.qalam');
    const info = await host.call('project.create', { path: a, name: 'Corpus A' });
    expect(info).toMatchObject({ path: a, name: 'Corpus A', view: {} });
    expect(host.dispatch('documents.list', {})).toEqual({ ok: true, value: [] });
    expect(await host.dispatch('project.create', { path: a })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(host.info().path).toBe(a);
    await host.close();
  });
});

describe('save as', () => {
  it('copies the open project with identical annotations and opens the copy', async () => {
    const { dir, host } = setup();
    const a = join(dir, 'a.qalam');
    await host.start(a, SEEDS);
    const s = host.service;
    s.call('session.setAnnotator', { name: 'dana' });
    const doc = s.call('documents.list', {})[0]!;
    s.call('mentions.create', { docId: doc.id, type: 'PER', start: 0, end: 3 });
    s.call('mentions.create', { docId: doc.id, type: 'ORG', start: 5, end: 9 });
    const before = s.call('mentions.list', { docId: doc.id });
    const docIds = s.call('documents.list', {}).map((d) => d.id);
    host.setView({ docId: doc.id, scroll: 420, zoom: 1.25 });

    const b = join(dir, 'copy.qalam');
    const answer = await host.dispatch('project.saveAs', { path: b });
    expect(answer).toMatchObject({ ok: true, value: { path: b, name: 'copy', view: { docId: doc.id, scroll: 420, zoom: 1.25 } } });
    expect(host.info().path).toBe(b);
    expect(host.service.call('mentions.list', { docId: doc.id })).toEqual(before);
    expect(host.service.call('documents.list', {}).map((d) => d.id)).toEqual(docIds);
    expect(s.store.isOpen).toBe(false);
    // The original is untouched and still lists the same annotations.
    expect((await host.open(a)).name).toBe('a');
    expect(host.service.call('mentions.list', { docId: doc.id })).toEqual(before);
    expect(host.recent().map((r) => r.path)).toEqual([a, b]);
    await host.close();
  });

  it('refuses the open project itself (and its -wal), and an existing file unless confirmed', async () => {
    const { dir, host } = setup();
    const a = join(dir, 'a.qalam');
    await host.start(a, SEEDS);
    const count = host.service.call('documents.list', {}).length;
    expect(await host.dispatch('project.saveAs', { path: a })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await host.dispatch('project.saveAs', { path: a, overwrite: true })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await host.dispatch('project.saveAs', { path: `${a}-wal`, overwrite: true })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(host.info().path).toBe(a);

    const other = join(dir, 'other.qalam');
    writeFileSync(other, 'not mine');
    expect(await host.dispatch('project.saveAs', { path: other })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(readFileSync(other, 'utf8')).toBe('not mine');
    expect(host.info().path).toBe(a);

    const confirmed = await host.call('project.saveAs', { path: other, overwrite: true });
    expect(confirmed.path).toBe(other);
    expect(host.service.call('documents.list', {})).toHaveLength(count);
    // No temporary file left beside it.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await host.close();
  });
});

describe("the window's start", () => {
  it("answers session.boot with the open project and its remembered view (the window's start)", async () => {
    const { dir, host } = setup();
    const a = join(dir, 'a.qalam');
    await host.start(a, SEEDS);
    const s = host.service;
    s.call('session.setAnnotator', { name: 'dana' });
    const doc = s.call('documents.list', {})[1]!;
    host.setView({ docId: doc.id, scroll: 240 });
    const answer = host.dispatch('session.boot', {});
    if (answer instanceof Promise) throw new Error('session.boot answered later');
    expect(answer).toEqual({
      ok: true,
      value: { session: s.call('session.get', {}), documents: s.call('documents.page', { limit: 100 }), project: { path: a, name: 'a', view: { docId: doc.id, scroll: 240 } } },
    });
    // An error of the service stays an error (no project added).
    expect(host.dispatch('session.boot', { bogus: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    await host.close();
  });
});

describe('per-project view', () => {
  it('is kept per project, checked, and survives the next start', async () => {
    const { dir, userData, host } = setup();
    const a = join(dir, 'a.qalam');
    const b = join(dir, 'b.qalam');
    await emptyProject(a);
    await emptyProject(b);
    await host.open(a);
    host.setView({ docId: 'd1', scroll: 300, zoom: 9, theme: 'dark', lineSpacing: 2, hebrewFont: 'david', bogus: 1 });
    await host.open(b);
    expect(host.info().view).toEqual({});
    host.setView({ docId: 'd2', theme: 'purple', zoom: 0.9 });
    await host.close();
    const next = new ProjectHost({ stateDir: userData });
    expect((await next.open(a)).view).toEqual({ docId: 'd1', scroll: 300, zoom: 3, theme: 'dark', lineSpacing: 2, hebrewFont: 'david' });
    expect((await next.open(b)).view).toEqual({ docId: 'd2', zoom: 0.9 });
    await next.close();
  });
});

describe('switching and closing', () => {
  it("answers a switch once the project before is closed (its workers ended): its folder may be removed then; close waits for the last one's", async () => {
    const { dir, host } = setup();
    const a = join(dir, 'a', 'p.qalam');
    const b = join(dir, 'b', 'p.qalam');
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    await emptyProject(b);
    // the seeds: opened by the host, the project is warmed (its agreement and occurrences workers start, the corpus is folded)
    await host.start(a, SEEDS);
    const warm = host.service.warm();
    await warm;
    await host.open(b);
    await stillThenRemoved(join(dir, 'a'), 'p.qalam', 1000);
    await host.service.warm();
    await host.close();
    await stillThenRemoved(join(dir, 'b'), 'p.qalam', 1000);
  });
});
