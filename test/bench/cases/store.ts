/**
 * The store and the service without a window: import 10,000 documents and export 1,000,000
 * mentions (store-bench.ts), documents.get / mentions.list on the 5 MB document, and
 * documents.list over 10,000 annotated documents (first ever, later, first of the next session).
 */
import { join } from 'node:path';
import { initProject, openService } from '../../../electron/service/bootstrap';
import type { QalamService } from '../../../electron/service';
import { cacheKey, cachedCopy, cachedFolder } from '../cache';
import { fmt, log, median, timeMs } from '../common';
import { QUICK } from '../flags';
import { generateMentions, generateText } from '../generate';
import { runStoreBench, type StoreBenchResult } from '../store-bench';
import type { BenchDoc } from './page';

/** Import and export through the store (--quick: 2,000 documents, one run). */
export function runStore(): StoreBenchResult {
  log('store: import 10,000 documents, export 1,000,000 mentions…');
  return runStoreBench(QUICK ? { documents: 2_000, runs: 1, log: (s) => log(`  ${s}`) } : { runs: 3, log: (s) => log(`  ${s}`) });
}

/** documents.get / mentions.list / documents.list for the biggest document (5 MB), in the service. */
export function serviceTimes(service: QalamService, docs: BenchDoc[]): { documentsGetMs: number[]; mentionsListMs: number[]; documentsListMs: number[] } | null {
  const big = docs.find((d) => d.size.bytes === 5_000_000);
  return big
    ? {
        documentsGetMs: timeMs(() => service.call('documents.get', { id: big.id })),
        mentionsListMs: timeMs(() => service.call('mentions.list', { docId: big.id })),
        documentsListMs: timeMs(() => service.call('documents.list', {})),
      }
    : null;
}

/**
 * documents.list over 10,000 annotated documents: the first call ever (computes every progress
 * figure), later calls, and the first call of the next session (reads the stored figures).
 */
export function benchDocumentsList(root: string): { firstMs: number; laterMs: number; nextSessionFirstMs: number } {
  const documents = QUICK ? 2_000 : 10_000;
  const dir = cachedFolder(cacheKey('list', buildListProject, { documents }), (d) => buildListProject(join(d, 'list.qalam'), documents));
  const file = join(root, 'list.qalam');
  cachedCopy(join(dir, 'list.qalam'), file);
  let service = openService(file);
  try {
    const first = timeMs(() => service.call('documents.list', {}))[0] as number;
    const later = median(timeMs(() => service.call('documents.list', {})));
    service.close();
    service = openService(file);
    const nextSessionFirst = timeMs(() => service.call('documents.list', {}))[0] as number;
    return { firstMs: first, laterMs: later, nextSessionFirstMs: nextSessionFirst };
  } finally {
    service.close();
  }
}

/** The project of benchDocumentsList: `documents` Hebrew documents of 5 KB with 20 mentions each, nothing computed yet. */
export function buildListProject(file: string, documents: number): void {
  const service = initProject(file);
  try {
    service.call('session.setAnnotator', { name: 'bench' });
    const store = service.store;
    const now = new Date(0).toISOString();
    const base = generateText(5_000, 'he', 7);
    store.transaction(() => {
      const docs = [];
      for (let i = 0; i < documents; i++) {
        const text = `${base}${i}\n`;
        const id = `l${String(i).padStart(15, '0')}`;
        docs.push({ id, name: `doc-${i}`, sourcePath: null, sha256: `${id}${'0'.repeat(48)}`, text, lang: 'he' as const, dir: 'rtl' as const, length: [...text].length, importedAt: now });
      }
      store.insertDocuments(docs);
      const spans = generateMentions(base, 20, 3);
      for (const d of docs) for (const m of spans) store.insertMention({ ...m, docId: d.id, annotator: 'bench', origin: 'import', createdAt: now, updatedAt: now });
    });
  } finally {
    service.close();
  }
}

/** The service's and the store's lines of the table. */
export function printStore(service: Record<string, unknown> | null, store: Record<string, unknown>): void {
  const s = service as { documentsGetMs?: number[]; mentionsListMs?: number[]; documentsListMs?: number[]; documentsList10kMs: { firstMs: number; laterMs: number; nextSessionFirstMs: number } };
  if (s.documentsGetMs && s.mentionsListMs) log(`service, 5 MB / 50k: documents.get ${fmt(median(s.documentsGetMs), 0)} ms, mentions.list ${fmt(median(s.mentionsListMs), 0)} ms`);
  log(
    `service, documents.list over ${QUICK ? 2 : 10}k annotated documents: first ${fmt(s.documentsList10kMs.firstMs, 0)} ms, then ${fmt(s.documentsList10kMs.laterMs, 0)} ms, first of the next session ${fmt(s.documentsList10kMs.nextSessionFirstMs, 0)} ms`,
  );
  const st = store as { documents: number; megabytes: number; mentions: number; importMedianSeconds: number; exportMedianSeconds: number };
  log(`store: import ${st.documents} documents (${fmt(st.megabytes, 1)} MB) ${fmt(st.importMedianSeconds)} s; export ${st.mentions} mentions ${fmt(st.exportMedianSeconds)} s`);
}
