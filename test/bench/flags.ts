/**
 * The command line of `npm run bench` (test/bench/run.ts), parsed once: which cases run and how
 * many runs each takes. Every case module reads its switches from here; run.ts's header lists them.
 */

export const QUICK = process.argv.includes('--quick');
/** --start-only: only the start and open figures (no labels, scrolling, review, store, suggestions, agreement). */
export const START_ONLY = process.argv.includes('--start-only');
/** --no-suggest: no suggestions benchmark, and the window's suggestions.* calls refused (see run.ts). */
export const NO_SUGGEST = process.argv.includes('--no-suggest');
export const OPEN_RUNS = QUICK && !START_ONLY ? 2 : 5;
/**
 * Opens of the plain React view per document (a comparison, no target): --quick only at 1 MB
 * Hebrew (the 5 MB one mounts 4,944 paragraphs, seconds of the run for a figure no target reads).
 */
export function plainRuns(doc: { size: { bytes: number }; lang: string }): number {
  if (doc.size.bytes >= 20_000_000) return 0;
  return QUICK ? (doc.size.bytes === 1_000_000 && doc.lang === 'he' ? 1 : 0) : 2;
}
const LABELS_ARG = process.argv.find((a) => a.startsWith('--labels='))?.slice('--labels='.length);
export const LABELS = Number(LABELS_ARG ?? (QUICK ? 20 : 50));
/** Labels per document: --quick 5 at 100 KB (no target there; 10 until session 11), `LABELS` where the p95 has a target (1 MB and up). */
export function labelsFor(doc: { size: { bytes: number } }): number {
  return QUICK && LABELS_ARG === undefined && doc.size.bytes < 1_000_000 ? 5 : LABELS;
}
/**
 * The floor of a label run (a bare element drawn in a frame → rendered, 20–30 frames, and the wait
 * before it for the suggestions asked again after the last label): where a printed figure reads
 * it: the suggestions' cost at 1 MB he (with / without, issues 12, 13) and the 20 MB documents'
 * line; every document in a full run (results.json's phases).
 */
export function floorFor(doc: { size: { bytes: number }; lang: string }): boolean {
  return !QUICK || (doc.size.bytes === 1_000_000 && doc.lang === 'he') || doc.size.bytes >= 20_000_000;
}
/**
 * Whether a measured open waits for the window's suggestions (asked after its first paint, when
 * idle: ~1–2 s) to take the heap with them held: every open in a full run; in --quick only the
 * last (the labels' page, which waits for them anyway), so the heap is that one open's.
 */
export function heapOn(run: number, runs: number): boolean {
  return !QUICK || run === runs - 1;
}
/** --scroll-only: only the 1 MB Hebrew document's scrolling (after one warm-up open), merged into .bench/results.json ("scroll"). */
export const SCROLL_ONLY = process.argv.includes('--scroll-only');
/** --after-load-only: only the long frames of three starts of the 1 MB Hebrew document (with --big --only=20000000-he: the 20 MB one), before its text is painted, while the rest of it loads and after (cases/afterLoad.ts); merged into .bench/results.json ("afterLoad"). */
export const AFTER_LOAD_ONLY = process.argv.includes('--after-load-only');
/** --labels-only: only the labels (with their phases and the floor), after one warm-up open; at 1 MB he with and without suggestions (with --big --only=20000000: the 20 MB documents, their p95 beside issue 15's target); merged into .bench/results.json ("labels"). */
export const LABELS_ONLY = process.argv.includes('--labels-only');
/** --scroll-runs=N: runs of each scroll measure (default 1 with --quick, else 3). */
/** --scroll-mode=read|through: only that scroll (reading at 40 px a frame, or top to bottom in 300 frames); both by default. */
export const SCROLL_MODES = ((): ('read' | 'through')[] => {
  const m = process.argv.find((a) => a.startsWith('--scroll-mode='))?.slice('--scroll-mode='.length);
  return m === 'read' || m === 'through' ? [m] : ['read', 'through'];
})();
export const SCROLL_RUNS = Number(process.argv.find((a) => a.startsWith('--scroll-runs='))?.slice('--scroll-runs='.length) ?? (QUICK ? 1 : 3));
export const NAV_RUNS = QUICK ? 1 : 3;
/** --only=1MB-he (size bytes label and language, substring match): only those documents. */
export const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? null;
export const VERBOSE = process.argv.includes('--verbose');
/** --corpus-only: only the 100,000-document corpus cases (no browser; --quick: 10,000). */
export const CORPUS_ONLY = process.argv.includes('--corpus-only');
/**
 * The corpus case's size: 100,000 documents of 5 KB (500 MB), 100 mentions each; --quick a tenth.
 * `outsideSets`: the sets another connection imports while the project is open (store-bench.ts).
 */
export const CORPUS_SIZE = QUICK ? { documents: 10_000, mentionsPerDoc: 100, outsideSets: 20 } : { documents: 100_000, mentionsPerDoc: 100, outsideSets: 1_000 };
/** --occurrences-only: only the suggestions' occurrences after a label (1 MB) and across 10,000 documents (no browser; merged into .bench/results.json). */
export const OCCURRENCES_ONLY = process.argv.includes('--occurrences-only');
/** --suggest-only: only the suggestions on the shared corpora (tagger, training, 1 MB; no browser; merged into .bench/results.json as "suggest"). */
export const SUGGEST_ONLY = process.argv.includes('--suggest-only');
/** --agreement-only: only the corpus agreement cases (no browser). */
export const AGREEMENT_ONLY = process.argv.includes('--agreement-only');
export const AGREEMENT_RUNS = QUICK ? 1 : 3;
/** --profile: a CPU profile of the renderer during the label runs and the scroll runs, summarised (self time by function). */
export const PROFILE = process.argv.includes('--profile');
/** --trace: a Chromium trace of the label runs (.bench/labels-*.trace.json) and the scroll runs (.bench/scroll-*.trace.json), summarised by event. */
export const TRACE = process.argv.includes('--trace');
/** --heap-snapshot: a V8 heap snapshot of the renderer after the first measured open of each document (.bench/heap-*.heapsnapshot), summarised (heapSnapshot.ts). */
export const HEAP_SNAPSHOT = process.argv.includes('--heap-snapshot');
/** --big: the 20 MB / 200k documents in a --quick run too (a full run always has them). */
export const BIG = process.argv.includes('--big') || !QUICK;
/** --documents-only: the documents' cases alone (no store, suggestions or agreement part). */
export const DOCUMENTS_ONLY = process.argv.includes('--documents-only');
