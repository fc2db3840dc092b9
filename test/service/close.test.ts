/**
 * `await service.close()` is honest (service.ts, workerThread.ts): once it resolves, every worker
 * thread of the project (the tagger's, the occurrences', the agreement's: each with a connection
 * of its own) has ended and its connection is closed, so no file of the project's folder changes
 * any more (.qalam, -wal, -shm) and the folder can be removed at once; a training under way is
 * abandoned, and never leaves half a model kept.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openService, type QalamService } from '../../electron/service';
import { readKeptModel } from '../../electron/service/suggestModels';
import { MAX_TRAINING_WORDS, TAGGER_SEED } from '../../electron/service/suggestions';
import { annotationSignature } from '../../electron/service/suggestSignature';
import { generateMentions, generateText } from '../bench/generate';
import { stillThenRemoved } from '../store/folderWatch';
import { tempDir, writeFiles } from '../store/helpers';
import { closeProjects, freshProject, until } from './project';

afterEach(closeProjects);

// the trainings wait up to 120 s each (until, every 200 ms): the machine may be shared
const REVIEWER = 'noa';

/**
 * A project of `docs` generated Hebrew documents of `bytes` each, every one annotated by dana
 * (written through the store, as the benchmark's project is) and, with `reviewer`, by noa too.
 */
function corpusProject(docs: number, bytes: number, reviewer = false): { dir: string; file: string; service: QalamService } {
  const project = freshProject({ annotator: 'dana' });
  const input = tempDir();
  const files: Record<string, string> = {};
  for (let d = 0; d < docs; d++) files[`d${String(d).padStart(3, '0')}.txt`] = generateText(bytes, 'he', 100 + d);
  writeFiles(input, files);
  const { service } = project;
  service.call('documents.importPaths', { paths: [input] });
  const store = service.store;
  const now = new Date(0).toISOString();
  if (reviewer) store.ensureAnnotator(REVIEWER, now);
  store.transaction(() => {
    for (const [i, d] of service.call('documents.list', {}).entries()) {
      const text = store.getDocument(d.id)?.text ?? '';
      const mentions = generateMentions(text, Math.round(bytes / 100), 500 + i);
      mentions.forEach((m, k) => {
        store.insertMention({ ...m, docId: d.id, annotator: 'dana', origin: 'import', createdAt: now, updatedAt: now });
        if (reviewer && k % 7 !== 0) store.insertMention({ ...m, docId: d.id, annotator: REVIEWER, origin: 'import', createdAt: now, updatedAt: now });
      });
    }
  });
  return project;
}

/** One of dana's mentions deleted: the annotations a training learns from change. */
function changeAnnotations(service: QalamService): void {
  const docId = service.call('documents.list', {})[0]?.id ?? '';
  const mention = service.call('mentions.list', { docId })[0];
  if (mention === undefined) throw new Error('no mention');
  service.call('mentions.delete', { id: mention.id });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Closes the service (awaited), then watches the project's folder for `ms`: nothing in it may
 * change; then removes it at once (no retries) and checks that nothing comes back.
 */
async function closeAndWatch(service: QalamService, dir: string, ms = 1500): Promise<void> {
  await service.close();
  await stillThenRemoved(dir, 'p.qalam', ms);
}

describe('closing a project whose workers are busy', () => {
  it("the tagger's worker training: abandoned, and nothing changes in the folder after close", async () => {
    const { dir, service } = corpusProject(12, 40_000);
    service.call('suggestions.train', {});
    // the thread started and the project opened there: the next training runs on it at once
    await until(() => service.call('suggestions.status', {}).state === 'ready', 'the first training', 200);
    changeAnnotations(service);
    expect(service.call('suggestions.train', {}).state).toBe('training');
    await sleep(200);
    expect(service.call('suggestions.status', {}).state).toBe('training');
    await closeAndWatch(service, dir);
  }, 300_000);

  it("the occurrences' worker folding the corpus: nothing changes in the folder after close", async () => {
    const { dir, service } = corpusProject(20, 100_000);
    // the occurrences' thread starts and folds the corpus in the background (warm: what the app does)
    await service.warm();
    await sleep(50);
    await closeAndWatch(service, dir);
  }, 300_000);

  it("the agreement worker computing: nothing changes in the folder after close", async () => {
    const { dir, service } = corpusProject(10, 100_000, true);
    await service.warm();
    const report = service.dispatch('review.agreement', { annotators: ['dana', REVIEWER] });
    expect(report).toBeInstanceOf(Promise);
    await sleep(50);
    await closeAndWatch(service, dir);
  }, 300_000);
});

describe('closing during a training', () => {
  it('keeps no half model: the kept one is the last complete one, and the next opening trains again', async () => {
    const { file, service } = corpusProject(12, 40_000);
    service.call('suggestions.train', {});
    const first = await until(() => {
      const s = service.call('suggestions.status', {});
      return s.state === 'ready' ? s : null;
    }, 'the first training', 200);
    const firstSignature = annotationSignature(service.store, 'dana').signature;
    changeAnnotations(service);
    expect(service.call('suggestions.train', {}).state).toBe('training');
    await sleep(200);
    expect(service.call('suggestions.status', {}).state).toBe('training');
    await service.close();

    const reopened = openService(file);
    try {
      const now = annotationSignature(reopened.store, 'dana').signature;
      const types = (reopened.store.currentSchema()?.schema.entityTypes ?? []).filter((t) => !t.abstract).map((t) => t.name);
      const query = { annotator: 'dana', seed: TAGGER_SEED, maxWords: MAX_TRAINING_WORDS, types };
      // the training closed under way was abandoned: the first model, whole, is still the one kept
      const kept = readKeptModel(reopened.store, { ...query, signature: firstSignature });
      if (kept.found !== 'model') throw new Error(`kept: ${kept.found}`);
      expect(kept.info.trained).toEqual(first.trained);
      expect(readKeptModel(reopened.store, { ...query, signature: now }).found).toBe('stale');
      // the next opening trains again (the kept model learned from other annotations), and keeps it whole
      reopened.call('suggestions.train', {});
      await until(() => reopened.call('suggestions.status', {}).state === 'ready', 'the training after reopening', 200);
      expect(readKeptModel(reopened.store, { ...query, signature: now }).found).toBe('model');
    } finally {
      await reopened.close();
    }
  }, 300_000);
});
