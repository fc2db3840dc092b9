/**
 * The service side of suggestions on the benchmark's project (test/bench/run.ts's documents:
 * 100 KB / 1k, 1 MB / 10k, 5 MB / 50k mentions, Hebrew and Arabic, one annotator): how long
 * `suggestions.list` holds the service's thread per call for the 1 MB document, first and
 * repeated, after a label, and until its answer is complete (no longer `pending`). Alone:
 *
 *   npx tsx test/bench/suggest-list.ts [--only=1000000-he] [--calls=N]
 *
 * Prints wall milliseconds per call; the thread's time is what a window's other calls wait for.
 * With --occurrences: only the occurrences' thread (no list calls, so no training competes): the
 * time until the document's occurrences are found, first and after each of `--edits=N` labels
 * (default 3; their median), and the items found.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { unpackSuggestions } from '../../annotations/suggestionPack';
import { initProject } from '../../electron/service/bootstrap';
import { OccurrenceFinder } from '../../electron/service/occurrenceFinder';
import { annotationSignature } from '../../electron/service/suggestSignature';
import { generateMentions, generateText } from './generate';

const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? '1000000-he';
const CALLS = Number(process.argv.find((a) => a.startsWith('--calls='))?.slice('--calls='.length) ?? 20);
const SMALL = process.argv.includes('--small');
const OCCURRENCES = process.argv.includes('--occurrences');
const EDITS = Number(process.argv.find((a) => a.startsWith('--edits='))?.slice('--edits='.length) ?? 3);
const SIZES = [
  { bytes: 100_000, mentions: 1_000 },
  { bytes: 1_000_000, mentions: 10_000 },
  ...(SMALL ? [] : [{ bytes: 5_000_000, mentions: 50_000 }]),
];

function ms(t0: number): string {
  return `${(performance.now() - t0).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'qalam-suggest-list-'));
  try {
    const corpus = join(root, 'corpus');
    mkdirSync(corpus);
    let seed = 1;
    for (const size of SIZES) for (const lang of ['he', 'ar'] as const) writeFileSync(join(corpus, `${lang}-${size.bytes}.txt`), generateText(size.bytes, lang, seed++));
    const service = initProject(join(root, 'bench.qalam'));
    service.call('session.setAnnotator', { name: 'bench' });
    service.call('documents.importPaths', { paths: [corpus] });
    const list = service.call('documents.list', {});
    const store = service.store;
    const now = new Date(0).toISOString();
    let seed2 = 7;
    store.transaction(() => {
      for (const size of SIZES) {
        for (const lang of ['he', 'ar'] as const) {
          const info = list.find((d) => d.name === `${lang}-${size.bytes}`)!;
          const text = store.getDocument(info.id)!.text;
          for (const m of generateMentions(text, size.mentions, seed2++)) store.insertMention({ ...m, docId: info.id, annotator: 'bench', origin: 'import', createdAt: now, updatedAt: now });
        }
      }
    });
    const doc = list.find((d) => d.name === ONLY.split('-').reverse().join('-'))!;
    if (OCCURRENCES) {
      await occurrencesOnly(service, doc.id);
      service.close();
      return;
    }
    console.log(`document ${doc.name} (${doc.id}); ${CALLS} calls`);
    const times: number[] = [];
    let t0 = performance.now();
    let first = true;
    for (let i = 0; i < CALLS * 10; i++) {
      const t = performance.now();
      const r = service.call('suggestions.list', { docId: doc.id });
      times.push(performance.now() - t);
      console.log(`    call ${times.length}: ${times[times.length - 1]!.toFixed(1)} ms, ${r.packed.starts.length} items, pending ${r.pending}, tagger ${r.tagger.state}`);
      if (first) console.log(`  first call ${times[0]!.toFixed(1)} ms: ${r.packed.starts.length} items, pending ${r.pending}, tagger ${r.tagger.state}`);
      first = false;
      if (!r.pending && r.tagger.state !== 'training' && times.length >= CALLS) {
        console.log(`  complete after ${ms(t0)}: ${r.packed.starts.length} items, tagger ${r.tagger.state} (f1 ${r.tagger.quality?.f1.toFixed(3) ?? '-'})`);
        break;
      }
      await new Promise((res) => setTimeout(res, 300));
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`  list: ${times.length} calls, median ${sorted[sorted.length >> 1]!.toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms; ${times.map((x) => x.toFixed(0)).join(' ')}`);
    // a label, then the list again
    const text = store.getDocument(doc.id)!.text;
    const cps = [...text];
    let at = 0;
    const taken = new Set(service.call('mentions.list', { docId: doc.id }).map((m) => m.start));
    while (taken.has(at) || cps[at] === ' ' || cps[at] === '\n') at++;
    let end = at;
    while (end < cps.length && cps[end] !== ' ' && cps[end] !== '\n') end++;
    t0 = performance.now();
    service.call('mentions.create', { docId: doc.id, type: 'PER', start: at, end });
    console.log(`  label: mentions.create ${ms(t0)}`);
    const after: number[] = [];
    t0 = performance.now();
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const r = service.call('suggestions.list', { docId: doc.id });
      after.push(performance.now() - t);
      console.log(`    call ${after.length}: ${after[after.length - 1]!.toFixed(1)} ms, ${r.packed.starts.length} items, pending ${r.pending}, tagger ${r.tagger.state}`);
      if (!r.pending && r.tagger.state !== 'training') {
        console.log(`  after the label, complete after ${ms(t0)} (${after.length} calls: ${after.map((x) => x.toFixed(0)).join(' ')})`);
        break;
      }
      await new Promise((res) => setTimeout(res, 300));
    }
    service.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The next word of the document with no mention starting on it, from `from` on (code points). */
function freeWord(service: ReturnType<typeof initProject>, docId: string, from: number): { start: number; end: number } {
  const cps = [...service.store.getDocument(docId)!.text];
  const taken = new Set(service.call('mentions.list', { docId }).map((m) => m.start));
  let at = from;
  while (taken.has(at) || cps[at] === ' ' || cps[at] === '\n' || (at > 0 && cps[at - 1] !== ' ' && cps[at - 1] !== '\n')) at++;
  let end = at;
  while (end < cps.length && cps[end] !== ' ' && cps[end] !== '\n') end++;
  return { start: at, end };
}

/** The occurrences' thread alone: first computation, then after each label. */
async function occurrencesOnly(service: ReturnType<typeof initProject>, docId: string): Promise<void> {
  const finder = new OccurrenceFinder(service.store.path);
  // CPU time of the process (this thread mostly waits: it is the occurrences' thread's), beside wall time: the machine is shared
  const cpuMs = (): number => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  const wait = async (): Promise<{ ms: number; cpu: number; items: number }> => {
    const seen = annotationSignature(service.store, 'bench');
    const t = performance.now();
    const c = cpuMs();
    for (;;) {
      const r = finder.occurrencesIn('bench', docId, seen);
      if (!r.pending) return { ms: performance.now() - t, cpu: cpuMs() - c, items: r.result?.items.length ?? 0 };
      await new Promise((res) => setTimeout(res, 5));
    }
  };
  const first = await wait();
  console.log(`  occurrences, first: ${first.ms.toFixed(0)} ms (CPU ${first.cpu.toFixed(0)} ms), ${first.items} items`);
  const after: number[] = [];
  const afterCpu: number[] = [];
  let from = 0;
  const types = ['PER', 'ORG', 'GPE'];
  for (let k = 0; k < EDITS; k++) {
    const span = freeWord(service, docId, from);
    from = span.end + 1;
    service.call('mentions.create', { docId, type: types[k % types.length]!, ...span });
    const r = await wait();
    after.push(r.ms);
    afterCpu.push(r.cpu);
    console.log(`  occurrences after label ${k + 1}: ${r.ms.toFixed(0)} ms (CPU ${r.cpu.toFixed(0)} ms), ${r.items} items`);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  console.log(
    `  occurrences after a label: median ${median(after).toFixed(0)} ms (CPU ${median(afterCpu).toFixed(0)} ms) of ${after.length} (${after.map((x) => x.toFixed(0)).join(' ')}); first ${first.ms.toFixed(0)} ms (CPU ${first.cpu.toFixed(0)} ms)`,
  );
  finder.close();
  // the list the window gets, put together on the service's thread from the occurrences found (its own thread asked, so asked until they are in)
  let list = service.call('suggestions.list', { docId });
  for (let k = 0; k < 2000 && list.pending && !list.packed.sources.some((k) => list.packed.strings[k] === 'occurrence'); k++) {
    await new Promise((res) => setTimeout(res, 20));
    list = service.call('suggestions.list', { docId });
  }
  service.call('mentions.create', { docId, type: 'PER', ...freeWord(service, docId, from) });
  const t = performance.now();
  const c = cpuMs();
  list = service.call('suggestions.list', { docId });
  console.log(`  suggestions.list after a label, with the occurrences last found: ${(performance.now() - t).toFixed(0)} ms (CPU ${(cpuMs() - c).toFixed(0)} ms), ${list.packed.starts.length} items`);
  // what the window is sent: the packed columns, beside the same items as objects (as they were sent before)
  const mb = (v: unknown): string => `${(Buffer.byteLength(JSON.stringify(v)) / 1e6).toFixed(2)} MB`;
  const { packed, ...rest } = list;
  console.log(`  suggestions.list answer: ${mb(list)} as columns; ${mb({ ...rest, items: unpackSuggestions(packed) })} as objects`);
}

void main();
