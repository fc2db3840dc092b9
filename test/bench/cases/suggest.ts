/**
 * The suggestions on the shared NEMO and ANERcorp corpora (test/bench/suggest.ts): tagger F1,
 * training on the whole NEMO file, the 1 MB documents' suggestions, beside their targets.
 */
import { log } from '../common';
import { QUICK } from '../flags';
import { runSuggestBench, suggestTargetLines } from '../suggest';

export type SuggestResult = ReturnType<typeof runSuggestBench>;

export function runSuggest(): SuggestResult {
  return runSuggestBench({ quick: QUICK, log: (s) => log(`  ${s}`) });
}

/** The suggestions' lines beside their targets, each after `prefix`. */
export function printSuggest(suggest: SuggestResult | null, prefix = ''): void {
  for (const line of suggestTargetLines(suggest)) log(`${prefix}${line}`);
}
