/**
 * Corpus agreement (review.agreement) between two annotation sets, through the service as the
 * window asks for it: over the 5 MB / 50k-mention Hebrew document, and over 10,000 short
 * documents. Per case, on a project opened afresh each run (a new agreement worker: nothing kept):
 *   - worker start: the service's `warm` (what the app's project host does when it opens a
 *     project): the agreement worker started and the project opened there, idle (from the sources
 *     it is compiled by tsx; the app runs the bundled JavaScript);
 *   - prepared: review.compare, as the review screen opening on the two sets asks, until the
 *     worker has prepared their documents' token items (every text read and tokenised);
 *   - first: then the first agreement call → its answer (the sets read as columns, everything counted), in wall time and in CPU time of the process (both threads:
 *     what it takes on an idle machine, the one figure the load of a shared machine barely moves);
 *   - blocked: how long the call held the calling thread (the rest runs in the worker);
 *   - again: asked again with nothing changed (the kept answer);
 *   - after an edit: one mention deleted, then asked (only that document's counts taken back, read
 *     again and added), in wall and CPU time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheKey, cachedCopy, cachedFolder } from './cache';
import { initProject, openService } from '../../electron/service/bootstrap';
import type { QalamService } from '../../electron/service';
import { seededRandom as rng } from '../../annotations/random';
import { generateMentions, generateText } from './generate';

export interface AgreementCaseResult {
  case: string;
  documents: number;
  megabytes: number;
  mentions: [number, number];
  firstMs: number[];
  /**
   * CPU time of the whole process (this thread and every worker) during the first call: with the
   * occurrences' background fold started at open (corpusKeeper.ts) still going, more than the
   * agreement's own.
   */
  firstCpuMs: number[];
  /** The agreement worker's own CPU time for the first call (its thread's, process.threadCpuUsage; NaN where Node cannot tell). */
  firstThreadCpuMs: number[];
  blockedMs: number[];
  againMs: number[];
  afterEditMs: number[];
  /** CPU time of the whole process during the call after an edit. */
  afterEditCpuMs: number[];
  /** The agreement worker's own CPU time for the call after an edit. */
  afterEditThreadCpuMs: number[];
  workerStartMs: number[];
  workerStartCpuMs: number[];
  /** review.compare (the review screen opened) → the worker has prepared the token items. */
  prepareMs: number[];
  prepareCpuMs: number[];
  alpha: number | null;
}

const A = 'bench';
const B = 'bench-2';

/**
 * B's set: A's, every 25th left out, every 20th of another type (as the review case of run.ts),
 * counting the mentions of the whole corpus (`at`: how many came before), so that 10 mentions a
 * document also disagree (some 850 disagreements per 10,000 mentions).
 */
function secondSet(ms: { type: string; start: number; end: number }[], at: number): { type: string; start: number; end: number }[] {
  const taken = new Set(ms.map((m) => `${m.type}:${m.start}:${m.end}`));
  return ms.flatMap((m, k) => {
    const i = at + k;
    if (i % 25 === 24) return [];
    const other = m.type === 'PER' ? 'ORG' : 'PER';
    return [{ ...m, type: i % 20 === 19 && !taken.has(`${other}:${m.start}:${m.end}`) ? other : m.type }];
  });
}

function build(file: string, texts: string[], perDoc: number, seed: number): { mentions: [number, number]; bytes: number } {
  const service = initProject(file);
  try {
    service.call('session.setAnnotator', { name: A });
    const store = service.store;
    const now = new Date(0).toISOString();
    let na = 0;
    let nb = 0;
    let bytes = 0;
    store.transaction(() => {
      store.ensureAnnotator(B, now);
      const docs = texts.map((text, i) => {
        const id = `a${String(i).padStart(15, '0')}`;
        bytes += Buffer.byteLength(text);
        return { id, name: `doc-${i}`, sourcePath: null, sha256: `${id}${'0'.repeat(48)}`, text, lang: 'he' as const, dir: 'rtl' as const, length: [...text].length, importedAt: now };
      });
      store.insertDocuments(docs);
      docs.forEach((d, i) => {
        const ms = generateMentions(d.text, perDoc, seed + i);
        for (const m of ms) store.insertMention({ ...m, docId: d.id, annotator: A, origin: 'import', createdAt: now, updatedAt: now });
        const bs = secondSet(ms, na);
        for (const m of bs) store.insertMention({ ...m, docId: d.id, annotator: B, origin: 'import', createdAt: now, updatedAt: now });
        na += ms.length;
        nb += bs.length;
      });
    });
    return { mentions: [na, nb], bytes };
  } finally {
    service.close();
  }
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { ms: performance.now() - t, value };
}

/** A thread CPU delta, NaN where Node cannot tell a thread's own (the worker reported none: 0). */
function threadCpuOrNaN(ms: number): number {
  return typeof process.threadCpuUsage === 'function' ? ms : NaN;
}

/**
 * One run on a project opened afresh: the service opened and warmed as the app's project host does
 * (the agreement worker started, the project opened there: `warm`), then the first call, again, after
 * an edit.
 */
async function coldRun(file: string, firstDoc: string): Promise<{ warm: number; warmCpu: number; prepare: number; prepareCpu: number; first: number; firstCpu: number; firstThreadCpu: number; blocked: number; again: number; afterEdit: number; afterEditCpu: number; afterEditThreadCpu: number; alpha: number | null }> {
  const service: QalamService = openService(file);
  try {
    const cpuW = process.cpuUsage();
    const w0 = performance.now();
    await service.warm();
    const warm = performance.now() - w0;
    const usedW = process.cpuUsage(cpuW);
    // the review screen opens on the two sets (review.compare): the worker prepares their token
    // items; measured until it is done (a warm request queued behind the preparation)
    const cpuP = process.cpuUsage();
    const p0 = performance.now();
    service.call('review.compare', { docId: firstDoc, annotators: [A, B] });
    await service.warm();
    const prepare = performance.now() - p0;
    const usedP = process.cpuUsage(cpuP);
    // then the agreement tab, as the review screen asks: the corpus, and the figures of the document it shows
    const args = { annotators: [A, B], perDocument: [firstDoc] };
    const cpu0 = process.cpuUsage();
    const thread0 = service.agreementCpuMs();
    const t0 = performance.now();
    const pending = service.call('review.agreement', args);
    const blocked = performance.now() - t0;
    const report = await pending;
    const first = performance.now() - t0;
    const used = process.cpuUsage(cpu0);
    const firstThreadCpu = service.agreementCpuMs() - thread0;
    const again = (await timed(() => service.call('review.agreement', args))).ms;
    // one edit: B's first mention of the first document deleted
    service.call('session.setAnnotator', { name: B });
    const m = service.call('mentions.list', { docId: firstDoc, annotator: B })[0];
    if (m) service.call('mentions.delete', { id: m.id });
    const cpuE = process.cpuUsage();
    const threadE = service.agreementCpuMs();
    const afterEdit = (await timed(() => service.call('review.agreement', args))).ms;
    const usedE = process.cpuUsage(cpuE);
    const afterEditThreadCpu = service.agreementCpuMs() - threadE;
    return { warm, warmCpu: (usedW.user + usedW.system) / 1000, prepare, prepareCpu: (usedP.user + usedP.system) / 1000, first, firstCpu: (used.user + used.system) / 1000, firstThreadCpu: threadCpuOrNaN(firstThreadCpu), blocked, again, afterEdit, afterEditCpu: (usedE.user + usedE.system) / 1000, afterEditThreadCpu: threadCpuOrNaN(afterEditThreadCpu), alpha: report.tokens.corpus.alpha.value };
  } finally {
    await service.close();
  }
}

export async function runAgreementBench(root: string, options: { runs: number; log: (s: string) => void }): Promise<AgreementCaseResult[]> {
  const out: AgreementCaseResult[] = [];
  const cases = [
    { name: '5 MB / 50k he, 1 document', file: join(root, 'agreement-5mb.qalam'), texts: () => [generateText(5_000_000, 'he', 5)], perDoc: 50_000 },
    {
      name: '10,000 short documents (2 KB, 10 mentions each)',
      file: join(root, 'agreement-10k.qalam'),
      texts: () => {
        const r = rng(77);
        return Array.from({ length: 10_000 }, (_, i) => generateText(1_500 + Math.floor(r() * 1_000), 'he', 1_000 + i));
      },
      perDoc: 10,
    },
  ];
  for (const c of cases) {
    // The project (cached: test/bench/cache.ts), copied for this run's edits.
    const dir = cachedFolder(cacheKey(`agreement-${c.name.split(' ')[0]!.replace(/\W/g, '')}`, build, { case: c.name, perDoc: c.perDoc, texts: c.texts.toString(), secondSet: secondSet.toString() }), (d) => {
      options.log(`agreement: ${c.name}: generating…`);
      const texts = c.texts();
      const made = build(join(d, 'agreement.qalam'), texts, c.perDoc, 9);
      writeFileSync(join(d, 'meta.json'), JSON.stringify({ documents: texts.length, ...made }));
    });
    const { documents, mentions, bytes } = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { documents: number; mentions: [number, number]; bytes: number };
    cachedCopy(join(dir, 'agreement.qalam'), c.file);
    const texts = { length: documents };
    const firstDoc = `a${'0'.repeat(15)}`;
    const r: AgreementCaseResult = { case: c.name, documents: texts.length, megabytes: bytes / 1e6, mentions, firstMs: [], firstCpuMs: [], firstThreadCpuMs: [], blockedMs: [], againMs: [], afterEditMs: [], afterEditCpuMs: [], afterEditThreadCpuMs: [], workerStartMs: [], workerStartCpuMs: [], prepareMs: [], prepareCpuMs: [], alpha: null };
    for (let i = 0; i < options.runs; i++) {
      const run = await coldRun(c.file, firstDoc);
      r.workerStartMs.push(run.warm);
      r.workerStartCpuMs.push(run.warmCpu);
      r.prepareMs.push(run.prepare);
      r.prepareCpuMs.push(run.prepareCpu);
      r.firstMs.push(run.first);
      r.firstCpuMs.push(run.firstCpu);
      r.firstThreadCpuMs.push(run.firstThreadCpu);
      r.blockedMs.push(run.blocked);
      r.againMs.push(run.again);
      r.afterEditMs.push(run.afterEdit);
      r.afterEditCpuMs.push(run.afterEditCpu);
      r.afterEditThreadCpuMs.push(run.afterEditThreadCpu);
      r.alpha = run.alpha;
      options.log(`  run ${i + 1}: worker start ${run.warm.toFixed(0)} ms (CPU ${run.warmCpu.toFixed(0)} ms), review screen → items prepared ${run.prepare.toFixed(0)} ms (CPU ${run.prepareCpu.toFixed(0)} ms), then first ${run.first.toFixed(0)} ms (CPU ${run.firstCpu.toFixed(0)} ms, the agreement thread's ${run.firstThreadCpu.toFixed(0)} ms; blocked ${run.blocked.toFixed(1)} ms), again ${run.again.toFixed(1)} ms, after an edit ${run.afterEdit.toFixed(0)} ms (CPU ${run.afterEditCpu.toFixed(0)} ms, the agreement thread's ${run.afterEditThreadCpu.toFixed(0)} ms)`);
    }
    out.push(r);
  }
  return out;
}
