/**
 * The suggestions on the shared NEMO and ANERcorp corpora (test/bench/suggest.ts): tagger F1,
 * training on the whole NEMO file, the 1 MB documents' suggestions, beside their targets.
 */
import { log } from '../common';
import { QUICK } from '../flags';
import { runSuggestBench, suggestTargetLines } from '../suggest';

export type SuggestResult = ReturnType<typeof runSuggestBench>;

export function runSuggest(): SuggestResult {
  // --quick: the models no target times (the F1 curve's, NEMO morph's and ANERcorp's whole-file
  // ones) kept in the setup cache, keyed by their training's inputs (suggest.ts, trainedModel)
  return runSuggestBench({ quick: QUICK, keepModels: QUICK, log: (s) => log(`  ${s}`) });
}

/** The suggestions' lines beside their targets, each after `prefix`. */
export function printSuggest(suggest: SuggestResult | null, prefix = ''): void {
  for (const line of suggestTargetLines(suggest)) log(`${prefix}${line}`);
}
