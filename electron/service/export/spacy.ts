/** spaCy: JSONL with the text and code-point character spans ("ents", and every entity in "spans"). */
import { writeSpacyLine, type SpacyReport } from '../../../annotations/formats/spacy';
import type { WriterFactory } from './writer';

export const spacy: WriterFactory = () => {
  const counts: SpacyReport = { misaligned: 0, examples: [], notInEnts: 0 };
  return {
    write: (rec, at, target) => target.sink(at.split).write(`${writeSpacyLine(rec, counts)}\n`),
    report: (report) => {
      report.misaligned = counts.misaligned;
      report.messages.push(`${counts.misaligned} entities would not align with spaCy's default tokenizer (approximated; use char_span(..., alignment_mode="expand"))`);
      for (const ex of counts.examples.slice(0, 5)) report.messages.push(`  misaligned: ${ex}`);
      if (counts.notInEnts > 0) report.messages.push(`${counts.notInEnts} nested or overlapping entities only in "spans" (not in "ents")`);
    },
  };
};
