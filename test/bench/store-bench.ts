/**
 * Store benchmark: import 10,000 documents (about 50 MB of text) through the service, then export
 * 1,000,000 mentions as native JSONL. Reports medians of `runs` runs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { initProject, openService } from '../../electron/service/bootstrap';
import type { QalamService } from '../../electron/service';
import { writeNativeJsonl } from '../../electron/service/export';
import { generateMentions, generateText } from './generate';
import { cacheKey, cacheLookup, cachedCopy, cachedFolder, flushToDisk } from './cache';
import { measureExportMemory, type ExportMemoryResult } from './export-memory';

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
    // Distinct texts (the store skips duplicates): 200 base texts, each with its number appended (cached: test/bench/cache.ts).
    const bases = (): string[] => Array.from({ length: 200 }, (_, i) => generateText(docBytes, i % 2 === 0 ? 'he' : 'ar', i + 1));
    const files = cachedFolder(cacheKey(`store-files-${documents}`, writeStoreFiles, { documents, docBytes }, 'files'), (dir) => writeStoreFiles(dir, documents, bases()));
    const corpus = join(files, 'corpus');
    const bytes = Number(readFileSync(join(files, 'bytes'), 'utf8'));
    log(`${documents} documents, ${(bytes / 1e6).toFixed(1)} MB`);

    const importSeconds: number[] = [];
    const exportSeconds: number[] = [];
    let exportBytes = 0;
    let mentions = 0;
    const setupKey = cacheKey(`store-annotated-${documents}`, annotateStoreProject, { documents, docBytes, mentionsPerDoc });
    for (let run = 0; run < runs; run++) {
      let project = join(root, `run-${run}.qalam`);
      let service = initProject(project);
      try {
        const t0 = process.hrtime.bigint();
        const report = service.call('documents.importPaths', { paths: [corpus] });
        importSeconds.push(seconds(t0));
        if (report.imported.length !== documents) throw new Error(`imported ${report.imported.length} of ${documents}`);
        log(`import run ${run + 1}: ${importSeconds[run]!.toFixed(2)} s`);

        // Setup (not timed): the mentions, written straight through the store in one transaction,
        // or a copy of the cached result of the same setup on the same files.
        const kept = cacheLookup(setupKey);
        if (kept !== null) {
          service.close();
          project = join(root, `run-${run}-annotated.qalam`);
          cachedCopy(join(kept, 'store.qalam'), project);
          mentions = Number(readFileSync(join(kept, 'mentions'), 'utf8'));
          service = openService(project);
        } else {
          mentions = annotateStoreProject(service, mentionsPerDoc);
          service.close();
          const done = mentions;
          cachedFolder(setupKey, (dir) => {
            cachedCopy(project, join(dir, 'store.qalam'));
            writeFileSync(join(dir, 'mentions'), String(done));
          });
          service = openService(project);
        }
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

/** The store case's files, `dir/corpus/NN/doc-NNNNN.txt`, and their size in `dir/bytes`. */
function writeStoreFiles(dir: string, documents: number, bases: string[]): void {
  const corpus = join(dir, 'corpus');
  mkdirSync(corpus);
  let bytes = 0;
  for (let i = 0; i < documents; i++) {
    const sub = join(corpus, String(Math.floor(i / 1000)).padStart(2, '0'));
    if (i % 1000 === 0) mkdirSync(sub);
    const text = `${bases[i % bases.length]}${i}\n`;
    writeFileSync(join(sub, `doc-${String(i).padStart(5, '0')}.txt`), text);
    bytes += Buffer.byteLength(text);
  }
  writeFileSync(join(dir, 'bytes'), String(bytes));
}

/** The store case's mentions, written through the store in one transaction; returns how many. */
function annotateStoreProject(service: QalamService, mentionsPerDoc: number): number {
  const now = new Date(0).toISOString();
  const store = service.store;
  let mentions = 0;
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
  return mentions;
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

/** Issue 15, target 3: 100,000 documents / 500 MB (`--quick`: 10,000 / 50 MB, 1,000,000 mentions). */
export const CORPUS_TARGETS = { importSeconds: 30, firstPageSeconds: 0.1, filterSeconds: 0.1, exportSeconds: 60 };

export interface CorpusBenchResult {
  documents: number;
  megabytes: number;
  importSeconds: number;
  /** CPU time of the process during the import (user + system, s): comparable on a loaded machine. */
  importCpuSeconds: number;
  /** Heap and RSS (MB) after the import (after a GC when exposed). */
  importRssMB: number;
  /**
   * documents.page (100 rows), the first call of a fresh session, and the median of the next 5;
   * the CPU time of the process during each first call (ms: comparable under load), and the
   * progress figures the annotated first call computed (its rows' sets written around the store:
   * none since the page answers them pending); then the window's next call, documents.figures for
   * the rows pending (wall and CPU ms, how many rows, the figures it computed).
   */
  firstPageMs: {
    firstCallMs: number;
    medianMs: number;
    annotatedFirstCallMs: number;
    annotatedMedianMs: number;
    firstCallCpuMs: number;
    annotatedFirstCallCpuMs: number;
    annotatedFiguresComputed: number;
    annotatedPending: number;
    figuresCallMs: number;
    figuresCallCpuMs: number;
    figuresCallComputed: number;
  };
  /** Median ms of 5 calls per filter or sort (over the annotated corpus), first page of 100 rows. */
  filterMs: Record<string, number>;
  /**
   * A sort by progress: right after the bulk write by another connection (every figure computed
   * then: the app computes them in the background first), then a call (ms), and after a label
   * through the service (its set's figure kept by the label: ms).
   */
  progressSort: { firstSeconds: number; thenMs: number; afterLabelMs: number };
  /**
   * Another connection's bulk write through the store while this one is open (the CLI's
   * `qalam import --format jsonl` into the open project: openService, import.run): some of the
   * documents' sets (a hundredth; --quick 20) imported for a new annotator; the import's time and CPU (s), the progress
   * figures it computed in its transaction and their ms; then this connection's first sort by
   * progress as that annotator (ms, CPU ms) and how many figures it computed.
   */
  outsideImport: { sets: number; mentions: number; seconds: number; cpuSeconds: number; progressSets: number; progressMs: number; firstSortMs: number; firstSortCpuMs: number; firstSortComputed: number };
  mentions: number;
  /** The setup of the mentions (s), null when its result was copied from the cache. */
  setupSeconds: number | null;
  exportSeconds: number;
  /** CPU time of the process during the export (user + system, s). */
  exportCpuSeconds: number;
  exportMegabytes: number;
  /**
   * RSS, heap and external memory (MB) sampled every 200 documents of the export: at its start,
   * highest, at its end; `heapLive`: the heap after a GC once it is done (what it still holds;
   * NaN without --expose-gc). Growth between start and peak that a GC gives back is garbage.
   */
  exportMemoryMB: { rssStart: number; rssPeak: number; rssEnd: number; heapStart: number; heapPeak: number; heapEnd: number; heapLive: number; externalPeak: number };
  /**
   * The export's bound (export-memory.ts): the same export again in a child process whose old space
   * is capped at the same size whatever the corpus, its live heap read after a GC every 2,000
   * documents. "Memory flat": it completes, and its live heap does not climb with the documents.
   */
  exportBound: ExportMemoryResult;
}

/**
 * The benchmark's bulk path for its setup: every document's mentions written with one prepared
 * statement in one transaction on a connection of its own (the service closed), instead of one
 * `insertMention` (a transaction, a read back) per mention. The triggers of migration 010 still
 * keep `set_counts`, so the store's caches see the new sets. Returns how many were written.
 */
export function bulkInsertMentions(
  project: string,
  docs: readonly { docId: string; mentions: readonly { type: string; start: number; end: number }[] }[],
  annotator: string,
  at: string,
): number {
  const db = new Database(project);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -262144');
    const insert = db.prepare(
      "INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at, attributes_json, note) VALUES (?, ?, ?, ?, ?, 'import', ?, ?, '{}', '')",
    );
    let n = 0;
    db.transaction(() => {
      for (const d of docs) {
        for (const m of d.mentions) {
          insert.run(d.docId, m.type, m.start, m.end, annotator, at, at);
          n++;
        }
      }
    })();
    return n;
  } finally {
    db.close();
  }
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

function timeCall(f: () => unknown): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** The corpus's files: `dir/corpus/NNN/doc-NNNNNN.txt`, a base text with its number appended; their size in `dir/bytes`. */
function writeCorpusFiles(dir: string, documents: number, bases: string[]): void {
  const corpus = join(dir, 'corpus');
  mkdirSync(corpus);
  let bytes = 0;
  for (let i = 0; i < documents; i++) {
    const sub = join(corpus, String(Math.floor(i / 1000)).padStart(3, '0'));
    if (i % 1000 === 0) mkdirSync(sub);
    const text = `${bases[i % bases.length]}${i}\n`;
    writeFileSync(join(sub, `doc-${String(i).padStart(6, '0')}.txt`), text);
    bytes += Buffer.byteLength(text);
  }
  writeFileSync(join(dir, 'bytes'), String(bytes));
}

/**
 * The corpus case's setup on the imported project (closed): statuses on a tenth of the documents
 * through the store, then `mentionsPerDoc` mentions per document in bulk (bulkInsertMentions: one
 * transaction, one prepared statement, straight into the file). Returns how many mentions.
 */
function setupCorpus(project: string, bases: string[], mentionsPerDoc: number): number {
  const now = new Date(0).toISOString();
  const service = openService(project);
  let infos: ReturnType<QalamService['store']['listDocuments']>;
  try {
    const store = service.store;
    infos = store.listDocuments();
    store.transaction(() => {
      store.ensureAnnotator('bench', now);
      for (const info of infos) {
        if (info.length % 10 === 0) store.putDocumentMeta({ docId: info.id, annotator: 'bench', status: 'done', flags: ['review'], note: '', updatedAt: now });
      }
    });
  } finally {
    service.close();
  }
  // A document's text is its base text with its number appended: the base's mentions fit it.
  const baseMentions = bases.map((text, i) => generateMentions(text, mentionsPerDoc, i + 1));
  return bulkInsertMentions(
    project,
    infos.map((info) => {
      const n = Number(/(\d+)$/.exec(info.name)?.[1]);
      if (!Number.isInteger(n)) throw new Error(`unexpected document name ${info.name}`);
      return { docId: info.id, mentions: baseMentions[n % bases.length]! };
    }),
    'bench',
    now,
  );
}

/**
 * A corpus of `documents` files of ~`docBytes` imported through the service (one call, all or
 * nothing), the document list's first page in a fresh session and its filters and sorts, then
 * `mentionsPerDoc` mentions per document written in bulk into the file (setup, timed apart)
 * and exported as native JSONL through export.run, sampling memory as it goes.
 */
export function runCorpusBench(options: { documents?: number; docBytes?: number; mentionsPerDoc?: number; outsideSets?: number; log?: (s: string) => void } = {}): CorpusBenchResult {
  const documents = options.documents ?? 100_000;
  const docBytes = options.docBytes ?? 5_000;
  const mentionsPerDoc = options.mentionsPerDoc ?? 100;
  const log = options.log ?? (() => {});
  const gc = (globalThis as { gc?: () => void }).gc;
  const mb = (n: number) => n / 1e6;
  const root = mkdtempSync(join(tmpdir(), 'qalam-bench-corpus-'));
  try {
    // The files (cached: test/bench/cache.ts), imported from where they are.
    const bases = (): string[] => Array.from({ length: 200 }, (_, i) => generateText(docBytes, i % 2 === 0 ? 'he' : 'ar', i + 1));
    const corpus = join(cachedFolder(cacheKey(`corpus-files-${documents}`, writeCorpusFiles, { documents, docBytes }, 'files'), (dir) => writeCorpusFiles(dir, documents, bases())), 'corpus');
    const bytes = Number(readFileSync(join(corpus, '..', 'bytes'), 'utf8'));
    log(`${documents} documents, ${(bytes / 1e6).toFixed(1)} MB`);
    const project = join(root, 'corpus.qalam');
    let service = initProject(project);
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const report = service.call('documents.importPaths', { paths: [corpus] });
    const importSeconds = seconds(t0);
    const importCpuSeconds = cpuSeconds(c0);
    if (report.imported.length !== documents) throw new Error(`imported ${report.imported.length} of ${documents}`);
    gc?.();
    const importRssMB = mb(process.memoryUsage().rss);
    log(`import: ${importSeconds.toFixed(2)} s, CPU ${importCpuSeconds.toFixed(2)} s (RSS ${importRssMB.toFixed(0)} MB)`);
    service.call('session.setAnnotator', { name: 'bench' });
    service.close();

    const listFirst = (): { first: number; median: number; cpu: number; computed: number; pending: number; figures: number; figuresCpu: number; figuresComputed: number } => {
      service = openService(project);
      const c = process.cpuUsage();
      let rows: { id: string; pending?: unknown }[] = [];
      const first = timeCall(() => (rows = service.call('documents.page', { limit: 100 }).rows));
      const cpu = cpuSeconds(c) * 1000;
      const computed = service.progressComputed().sets;
      // The window's next call: the figures the page left pending.
      const pending = rows.filter((r) => r.pending !== undefined).map((r) => r.id);
      const c2 = process.cpuUsage();
      const figures = pending.length === 0 ? 0 : timeCall(() => service.call('documents.figures', { ids: pending }));
      const figuresCpu = pending.length === 0 ? 0 : cpuSeconds(c2) * 1000;
      const figuresComputed = service.progressComputed().sets - computed;
      const later = Array.from({ length: 5 }, () => timeCall(() => service.call('documents.page', { limit: 100 })));
      return { first, median: medianOf(later), cpu, computed, pending: pending.length, figures, figuresCpu, figuresComputed };
    };
    const bare = listFirst();
    log(`first page of ${documents}: first call ${bare.first.toFixed(1)} ms (CPU ${bare.cpu.toFixed(1)} ms), then ${bare.median.toFixed(1)} ms`);

    // Setup (timed apart, or a copy of the cached result of the same setup on the same files):
    // statuses on a tenth through the store, then the mentions in bulk (bulkInsertMentions).
    const setupKey = cacheKey(`corpus-annotated-${documents}`, setupCorpus, { documents, docBytes, mentionsPerDoc });
    const kept = cacheLookup(setupKey);
    const t1 = process.hrtime.bigint();
    let mentions: number;
    let setupSeconds: number | null;
    service.close();
    if (kept !== null) {
      rmSync(project, { force: true });
      cachedCopy(join(kept, 'corpus.qalam'), project);
      mentions = Number(readFileSync(join(kept, 'mentions'), 'utf8'));
      setupSeconds = null;
      log(`setup: ${mentions} mentions, the cached project (${setupKey})`);
    } else {
      mentions = setupCorpus(project, bases(), mentionsPerDoc);
      flushToDisk(project);
      setupSeconds = seconds(t1);
      cachedFolder(setupKey, (dir) => {
        cachedCopy(project, join(dir, 'corpus.qalam'));
        writeFileSync(join(dir, 'mentions'), String(mentions));
      });
      log(`setup: ${mentions} mentions in ${setupSeconds.toFixed(1)} s`);
    }
    const annotated = listFirst();
    log(
      `first page, annotated: first call ${annotated.first.toFixed(1)} ms (CPU ${annotated.cpu.toFixed(1)} ms, ${annotated.computed} figures computed, ${annotated.pending} rows pending; their figures ${annotated.figures.toFixed(1)} ms, CPU ${annotated.figuresCpu.toFixed(1)} ms, ${annotated.figuresComputed} computed), then ${annotated.median.toFixed(1)} ms`,
    );

    const cases: Record<string, Parameters<QalamService['call']>[1]> = {
      'name contains "12345"': { filter: { name: '12345' }, limit: 100 },
      'language ar': { filter: { lang: ['ar'] }, limit: 100 },
      'status done': { filter: { status: ['done'] }, limit: 100 },
      'flag review': { filter: { flags: ['review'] }, limit: 100 },
      'annotator bench': { filter: { annotator: 'bench' }, limit: 100 },
      'sort by name': { sort: { key: 'name' }, limit: 100 },
      'sort by size, descending': { sort: { key: 'size', desc: true }, limit: 100 },
      'sort by status': { sort: { key: 'status' }, limit: 100 },
      'sort by last change': { sort: { key: 'changed', desc: true }, limit: 100 },
      'page 500 of the name sort': { sort: { key: 'name' }, offset: Math.floor(documents / 2), limit: 100 },
    };
    const filterMs: Record<string, number> = {};
    for (const [name, args] of Object.entries(cases)) {
      filterMs[name] = medianOf(Array.from({ length: 5 }, () => timeCall(() => service.call('documents.page', args as never))));
      log(`  ${name}: ${filterMs[name]!.toFixed(1)} ms`);
    }
    const progressFirst = timeCall(() => service.call('documents.page', { sort: { key: 'progress', desc: true }, limit: 100 })) / 1000;
    const progressThen = medianOf(Array.from({ length: 5 }, () => timeCall(() => service.call('documents.page', { sort: { key: 'progress', desc: true }, limit: 100 }))));
    const first = service.call('documents.page', { limit: 1 }).rows[0]!;
    const type = service.call('session.get', {}).schema.entityTypes.find((t) => !t.abstract)!.name;
    service.call('mentions.create', { docId: first.id, type, start: 0, end: 1 });
    const progressAfterLabel = timeCall(() => service.call('documents.page', { sort: { key: 'progress', desc: true }, limit: 100 }));
    log(`sort by progress: first ${progressFirst.toFixed(1)} s (every figure computed), then ${progressThen.toFixed(1)} ms, after a label ${progressAfterLabel.toFixed(1)} ms`);

    // Another connection (the CLI's path) imports a tenth of the sets for annotator "cli" while
    // this one stays open (`outsideSets` of them, spread over the corpus: the import costs about
    // 1 ms of CPU a mention); then this one's first sort by progress as "cli".
    const outsideFile = join(root, 'outside.jsonl');
    const every = Math.max(1, Math.floor(documents / (options.outsideSets ?? Math.ceil(documents / 100))));
    const outsideDocs = service.store.listDocuments().filter((_, i) => i % every === 0).map((d) => d.id);
    const t5 = process.hrtime.bigint();
    service.call('export.run', { format: 'jsonl', out: outsideFile, annotator: 'bench', documents: outsideDocs });
    log(`another connection's import: ${outsideDocs.length} sets exported for it in ${seconds(t5).toFixed(1)} s`);
    const cli = openService(project);
    let outsideImport: CorpusBenchResult['outsideImport'];
    try {
      const c3 = process.cpuUsage();
      const t3 = process.hrtime.bigint();
      const imported = cli.call('import.run', { format: 'jsonl', paths: [outsideFile], annotator: 'cli' });
      const seconds3 = seconds(t3);
      const cpu3 = cpuSeconds(c3);
      const kept3 = cli.progressComputed();
      cli.close();
      service.call('session.setAnnotator', { name: 'cli' });
      const computedBefore = service.progressComputed().sets;
      const c4 = process.cpuUsage();
      const firstSortMs = timeCall(() => service.call('documents.page', { sort: { key: 'progress', desc: true }, limit: 100 }));
      const firstSortCpuMs = cpuSeconds(c4) * 1000;
      outsideImport = {
        sets: outsideDocs.length,
        mentions: imported.mentions,
        seconds: seconds3,
        cpuSeconds: cpu3,
        progressSets: kept3.sets,
        progressMs: kept3.ms,
        firstSortMs,
        firstSortCpuMs,
        firstSortComputed: service.progressComputed().sets - computedBefore,
      };
      service.call('session.setAnnotator', { name: 'bench' });
    } finally {
      if (cli.store.isOpen) cli.close();
    }
    log(
      `another connection's import of ${outsideImport.sets} sets (${outsideImport.mentions} mentions): ${outsideImport.seconds.toFixed(1)} s, CPU ${outsideImport.cpuSeconds.toFixed(1)} s, of which progress of ${outsideImport.progressSets} sets ${(outsideImport.progressMs / 1000).toFixed(1)} s; then the first sort by progress ${outsideImport.firstSortMs.toFixed(1)} ms (CPU ${outsideImport.firstSortCpuMs.toFixed(1)} ms), ${outsideImport.firstSortComputed} figures computed`,
    );

    const out = join(root, 'export.jsonl');
    gc?.();
    const start = process.memoryUsage();
    const mem = { rssStart: mb(start.rss), rssPeak: mb(start.rss), rssEnd: 0, heapStart: mb(start.heapUsed), heapPeak: mb(start.heapUsed), heapEnd: 0, heapLive: NaN, externalPeak: mb(start.external) };
    service.progress = () => {
      const m = process.memoryUsage();
      mem.rssPeak = Math.max(mem.rssPeak, mb(m.rss));
      mem.heapPeak = Math.max(mem.heapPeak, mb(m.heapUsed));
      mem.externalPeak = Math.max(mem.externalPeak, mb(m.external));
    };
    const c2 = process.cpuUsage();
    const t2 = process.hrtime.bigint();
    service.call('export.run', { format: 'jsonl', out, annotator: 'bench' });
    const exportSeconds = seconds(t2);
    const exportCpuSeconds = cpuSeconds(c2);
    service.progress = null;
    const end = process.memoryUsage();
    mem.rssEnd = mb(end.rss);
    mem.heapEnd = mb(end.heapUsed);
    if (gc) {
      gc();
      mem.heapLive = mb(process.memoryUsage().heapUsed);
    }
    const exportMegabytes = statSync(out).size / 1e6;
    log(`export: ${mentions} mentions, ${exportMegabytes.toFixed(0)} MB in ${exportSeconds.toFixed(1)} s (CPU ${exportCpuSeconds.toFixed(1)} s); RSS ${mem.rssStart.toFixed(0)} → peak ${mem.rssPeak.toFixed(0)} MB, heap ${mem.heapStart.toFixed(0)} → peak ${mem.heapPeak.toFixed(0)} MB`);
    service.close();
    const exportBound = measureExportMemory(project);
    const b = exportBound;
    log(
      b.completed
        ? `export in a child process capped at ${b.capMB} MB of old space: ${b.documents} documents, ${b.megabytes.toFixed(0)} MB in ${b.seconds.toFixed(1)} s (CPU ${b.cpuSeconds.toFixed(1)} s); heap ${b.heapStart.toFixed(0)} → peak ${b.heapPeak.toFixed(0)} MB, live after a GC ${b.liveFirst.toFixed(1)} → max ${b.liveMax.toFixed(1)} MB (${b.liveSamples} samples)`
        : `export in a child process capped at ${b.capMB} MB of old space FAILED: ${b.error}`,
    );
    return {
      documents,
      megabytes: bytes / 1e6,
      importSeconds,
      importCpuSeconds,
      importRssMB,
      firstPageMs: {
        firstCallMs: bare.first,
        medianMs: bare.median,
        annotatedFirstCallMs: annotated.first,
        annotatedMedianMs: annotated.median,
        firstCallCpuMs: bare.cpu,
        annotatedFirstCallCpuMs: annotated.cpu,
        annotatedFiguresComputed: annotated.computed,
        annotatedPending: annotated.pending,
        figuresCallMs: annotated.figures,
        figuresCallCpuMs: annotated.figuresCpu,
        figuresCallComputed: annotated.figuresComputed,
      },
      filterMs,
      progressSort: { firstSeconds: progressFirst, thenMs: progressThen, afterLabelMs: progressAfterLabel },
      outsideImport,
      mentions,
      setupSeconds,
      exportSeconds,
      exportCpuSeconds,
      exportMegabytes,
      exportMemoryMB: mem,
      exportBound,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
