/**
 * Store benchmark: import 10,000 documents (about 50 MB of text) through the service, then export
 * 1,000,000 mentions as native JSONL. Reports medians of `runs` runs.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initProject } from '../../electron/service/bootstrap';
import { writeNativeJsonl } from '../../electron/service/export';
import { generateMentions, generateText } from './generate';

export interface StoreBenchResult {
  documents: number;
  megabytes: number;
  importSeconds: number[];
  mentions: number;
  exportSeconds: number[];
  exportMegabytes: number;
}

function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export function runStoreBench(options: { documents?: number; docBytes?: number; mentionsPerDoc?: number; runs?: number; log?: (s: string) => void } = {}): StoreBenchResult {
  const documents = options.documents ?? 10_000;
  const docBytes = options.docBytes ?? 5_000;
  const mentionsPerDoc = options.mentionsPerDoc ?? 100;
  const runs = options.runs ?? 3;
  const log = options.log ?? (() => {});
  const root = mkdtempSync(join(tmpdir(), 'qalam-bench-store-'));
  try {
    const corpus = join(root, 'corpus');
    mkdirSync(corpus);
    let bytes = 0;
    // Distinct texts (the store skips duplicates): 200 base texts, each with its number appended.
    const bases = Array.from({ length: 200 }, (_, i) => generateText(docBytes, i % 2 === 0 ? 'he' : 'ar', i + 1));
    for (let i = 0; i < documents; i++) {
      const dir = join(corpus, String(Math.floor(i / 1000)).padStart(2, '0'));
      if (i % 1000 === 0) mkdirSync(dir);
      const text = `${bases[i % bases.length]}${i}\n`;
      writeFileSync(join(dir, `doc-${String(i).padStart(5, '0')}.txt`), text);
      bytes += Buffer.byteLength(text);
    }
    log(`generated ${documents} documents, ${(bytes / 1e6).toFixed(1)} MB`);

    const importSeconds: number[] = [];
    const exportSeconds: number[] = [];
    let exportBytes = 0;
    let mentions = 0;
    for (let run = 0; run < runs; run++) {
      const project = join(root, `run-${run}.qalam`);
      const service = initProject(project);
      try {
        const t0 = process.hrtime.bigint();
        const report = service.call('documents.importPaths', { paths: [corpus] });
        importSeconds.push(seconds(t0));
        if (report.imported.length !== documents) throw new Error(`imported ${report.imported.length} of ${documents}`);
        log(`import run ${run + 1}: ${importSeconds[run]!.toFixed(2)} s`);

        // Setup (not timed): the mentions, written straight through the store in one transaction.
        const now = new Date(0).toISOString();
        const store = service.store;
        mentions = 0;
        store.transaction(() => {
          store.ensureAnnotator('bench', now);
          for (const doc of store.listDocuments()) {
            const text = store.getDocument(doc.id)!.text;
            for (const m of generateMentions(text, mentionsPerDoc, doc.length)) {
              store.insertMention({ ...m, docId: doc.id, annotator: 'bench', origin: 'import', createdAt: now, updatedAt: now });
              mentions++;
            }
          }
        });
        const out = join(root, `export-${run}.jsonl`);
        const t1 = process.hrtime.bigint();
        writeNativeJsonl(service.store, out);
        exportSeconds.push(seconds(t1));
        exportBytes = statSync(out).size;
        log(`export run ${run + 1}: ${mentions} mentions in ${exportSeconds[run]!.toFixed(2)} s`);
      } finally {
        service.close();
      }
      rmSync(project, { force: true });
    }
    return { documents, megabytes: bytes / 1e6, importSeconds, mentions, exportSeconds, exportMegabytes: exportBytes / 1e6 };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
