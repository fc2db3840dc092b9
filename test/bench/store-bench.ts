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

export interface FormatBenchResult {
  documents: number;
  mentions: number;
  /** Seconds per export format (one run each, after the setup). */
  seconds: Record<string, number>;
}

/**
 * Export benchmark for every format of `export.run`: a project of `documents` documents with
 * `mentionsPerDoc` mentions each (10,000 × 100 = 1,000,000 by default) is exported once to each
 * format. The target is < 10 s per format.
 */
export function runFormatBench(options: { documents?: number; docBytes?: number; mentionsPerDoc?: number; log?: (s: string) => void } = {}): FormatBenchResult {
  const documents = options.documents ?? 10_000;
  const docBytes = options.docBytes ?? 5_000;
  const mentionsPerDoc = options.mentionsPerDoc ?? 100;
  const log = options.log ?? (() => {});
  const root = mkdtempSync(join(tmpdir(), 'qalam-bench-formats-'));
  try {
    const service = initProject(join(root, 'bench.qalam'));
    try {
      const store = service.store;
      const now = new Date(0).toISOString();
      const bases = Array.from({ length: 200 }, (_, i) => generateText(docBytes, i % 2 === 0 ? 'he' : 'ar', i + 1));
      let mentions = 0;
      store.transaction(() => {
        store.ensureAnnotator('bench', now);
        const docs = [];
        for (let i = 0; i < documents; i++) {
          const text = `${bases[i % bases.length]}${i}\n`;
          const id = `b${String(i).padStart(15, '0')}`;
          docs.push({ id, name: `doc-${i}`, sourcePath: null, sha256: `${id}${'0'.repeat(48)}`, text, lang: (i % 2 === 0 ? 'he' : 'ar') as 'he' | 'ar', dir: 'rtl' as const, length: [...text].length, importedAt: now });
        }
        store.insertDocuments(docs);
        for (const d of docs) {
          for (const m of generateMentions(d.text, mentionsPerDoc, d.length)) {
            store.insertMention({ ...m, docId: d.id, annotator: 'bench', origin: 'import', createdAt: now, updatedAt: now });
            mentions++;
          }
        }
      });
      log(`set up ${documents} documents, ${mentions} mentions`);
      const seconds: Record<string, number> = {};
      for (const format of ['jsonl', 'brat', 'conll', 'hf', 'spacy', 'events', 'doccano'] as const) {
        const t0 = process.hrtime.bigint();
        service.call('export.run', { format, out: join(root, `out-${format}`), annotator: 'bench' });
        seconds[format] = Number(process.hrtime.bigint() - t0) / 1e9;
        log(`export ${format}: ${seconds[format]!.toFixed(2)} s`);
        rmSync(join(root, `out-${format}`), { recursive: true, force: true });
      }
      return { documents, mentions, seconds };
    } finally {
      service.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
