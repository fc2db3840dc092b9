import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { initProject, openService } from '../../electron/service';
import { fakeClock, removeTempDirs, tempDir } from '../store/helpers';

afterAll(removeTempDirs);

it('keeps the guidelines in the project: empty at first, replaced whole, kept across a reopen', () => {
  const file = join(tempDir(), 'g.qalam');
  let service = initProject(file, { now: fakeClock(Date.UTC(2026, 0, 1)) });
  expect(service.call('guidelines.get', {})).toEqual({ markdown: '', source: null, updatedAt: null });

  const md = '# הנחיות\r\n\r\nתייגו **שמות** בלי התחילית: `קזחסטן` ב־`בקזחסטן`.\r\n\r\n## العربية\r\nلا تُدخل حرف الجر في الوسم.';
  const set = service.call('guidelines.set', { markdown: md, source: '/home/dana/guides/news.md' });
  // Line ends as every stored text; the file's name only.
  expect(set.markdown).toBe(md.replace(/\r\n/g, '\n'));
  expect(set.source).toBe('news.md');
  expect(set.updatedAt).toMatch(/^2026-01-01T/);
  service.close();

  service = openService(file, { now: fakeClock(Date.UTC(2026, 0, 2)) });
  expect(service.call('guidelines.get', {})).toEqual(set);
  // Edited in the window: no file.
  const edited = service.call('guidelines.set', { markdown: set.markdown + '\n\n- עוד כלל' });
  expect(edited.source).toBeNull();
  expect(service.call('guidelines.get', {}).markdown.endsWith('- עוד כלל')).toBe(true);
  service.close();
});

it('refuses what it cannot keep, and keeps what it had', () => {
  const file = join(tempDir(), 'g.qalam');
  const service = initProject(file);
  service.call('guidelines.set', { markdown: 'kept' });
  for (const args of [{ markdown: 'a\u0000b' }, { markdown: 'x'.repeat(1_000_001) }, { markdown: 1 }, { markdown: 'x', extra: true }]) {
    const r = service.dispatch('guidelines.set', args);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid-argument');
  }
  expect(service.call('guidelines.get', {}).markdown).toBe('kept');
  service.close();
});
