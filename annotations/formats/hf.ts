/**
 * Hugging Face token classification: JSONL with one sentence per line,
 * `{"id", "document_id", "tokens": [...], "ner_tags": [int, …]}`, the ints indexing `labelNames`
 * (`O`, then `B-X`, `I-X` — and `E-X`, `S-X` for BIOES — for every entity type of the schema in
 * schema order). Tokens, granularities, sentences and nesting as in `tokens.ts`. The dataset card
 * (README.md) and dataset_info.json list the label names, counts per split, the annotators and
 * the offset convention.
 */
import type { NativeRecord } from './jsonl';
import { sequenceLabels, type Granularity, type TagScheme } from './tokens';

export function hfLabelNames(entityTypes: readonly string[], scheme: TagScheme): string[] {
  const prefixes = scheme === 'bioes' ? ['B', 'I', 'E', 'S'] : ['B', 'I'];
  return ['O', ...entityTypes.flatMap((t) => prefixes.map((p) => `${p}-${t}`))];
}

export interface HfReport {
  extended: number;
  dropped: number;
  empty: number;
  sentences: number;
}

/** The lines (no LF) of one document. */
export function writeHfLines(
  rec: NativeRecord,
  labels: ReadonlyMap<string, number>,
  options: { scheme: TagScheme; granularity: Granularity },
  report: HfReport,
): string[] {
  const r = sequenceLabels(rec.text, rec.entities, options);
  report.extended += r.extended;
  report.dropped += r.dropped;
  report.empty += r.empty;
  report.sentences += r.sentences.length;
  return r.sentences.map((s, i) =>
    JSON.stringify({ id: `${rec.id}-${i}`, document_id: rec.id, tokens: s.map((t) => t.text), ner_tags: s.map((t) => labels.get(t.tag) ?? 0) }),
  );
}

export interface HfCardInput {
  name: string;
  labelNames: string[];
  splits: Record<string, { documents: number; sentences: number }>;
  annotators: string[];
  scheme: TagScheme;
  granularity: Granularity;
  report: HfReport;
}

/** dataset_info.json (Hugging Face `datasets` DatasetInfo shape). */
export function hfDatasetInfo(c: HfCardInput): string {
  return `${JSON.stringify(
    {
      dataset_name: c.name,
      description: `Token classification data exported by Qalam (${c.scheme.toUpperCase()} tags, ${c.granularity} granularity).`,
      features: {
        id: { dtype: 'string', _type: 'Value' },
        document_id: { dtype: 'string', _type: 'Value' },
        tokens: { feature: { dtype: 'string', _type: 'Value' }, _type: 'Sequence' },
        ner_tags: { feature: { names: c.labelNames, _type: 'ClassLabel' }, _type: 'Sequence' },
      },
      splits: Object.fromEntries(Object.entries(c.splits).map(([k, v]) => [k, { name: k, num_examples: v.sentences, num_documents: v.documents }])),
      annotators: c.annotators,
      offsets: 'unicode-codepoints',
      scheme: c.scheme,
      granularity: c.granularity,
    },
    null,
    2,
  )}\n`;
}

/** README.md dataset card with YAML front matter. */
export function hfReadme(c: HfCardInput): string {
  const yamlNames = c.labelNames.map((n, i) => `          '${i}': ${n}`).join('\n');
  const splitRows = Object.entries(c.splits)
    .map(([k, v]) => `| ${k} | ${v.documents} | ${v.sentences} |`)
    .join('\n');
  return `---
task_categories:
- token-classification
dataset_info:
  features:
  - name: id
    dtype: string
  - name: document_id
    dtype: string
  - name: tokens
    sequence: string
  - name: ner_tags
    sequence:
      class_label:
        names:
${yamlNames}
  splits:
${Object.entries(c.splits)
  .map(([k, v]) => `  - name: ${k}\n    num_examples: ${v.sentences}`)
  .join('\n')}
configs:
- config_name: default
  data_files:
${Object.keys(c.splits)
  .map((k) => `  - split: ${k}\n    path: ${k}.jsonl`)
  .join('\n')}
---

# ${c.name}

Token classification data exported by Qalam.

- Tags: ${c.scheme.toUpperCase()}; granularity: ${c.granularity} (${c.granularity === 'morph' ? 'tokens split at every entity boundary, so a prefix is its own token' : 'white space / punctuation tokens; sub-word entities extended to whole tokens'}).
- Label names (ner_tags index → name): ${c.labelNames.map((n, i) => `${i} ${n}`).join(', ')}.
- Annotators: ${c.annotators.length > 0 ? c.annotators.join(', ') : '(none)'}.
- Offsets: Unicode code points (Python string indices) into the stored text, LF line ends.
- Sentences end at a line break or after . ! ? … ؟ ۔ ׃ (never inside an entity).
- Nested entities: the outermost wins; ${c.report.dropped} inner or overlapping entities were dropped, ${c.report.extended} sub-word entities extended to their token, ${c.report.empty} without tokens left out.

| split | documents | sentences |
| --- | --- | --- |
${splitRows}
`;
}
