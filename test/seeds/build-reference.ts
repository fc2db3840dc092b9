/**
 * Builds seeds/reference.jsonl (and its seeds/reference.schema.json sidecar) with Qalam itself:
 * a fresh project, the two seed texts imported, and every annotation of reference-data.ts made
 * through the service's public methods as the annotator "qalam-reference", then exported in the
 * native JSONL format. Offsets are computed here from each mention's exact text and occurrence;
 * anything not found, refused by the service or reported by documents.validate stops the build.
 *
 *   npx tsx test/seeds/build-reference.ts            # writes seeds/reference.jsonl
 *   npx tsx test/seeds/build-reference.ts OUT.jsonl  # writes elsewhere (the tests use this)
 *   npx tsx test/seeds/build-reference.ts --review   # also prints every mention in context
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpLength } from '../../annotations/text';
import { initProject } from '../../electron/service';
import { REFERENCE, REFERENCE_ANNOTATOR, type DocSpec } from './reference-data';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SEEDS_DIR = join(REPO, 'seeds');
export const REFERENCE_FILE = join(SEEDS_DIR, 'reference.jsonl');

/** Code-point span of the `occ`-th (1-based) match of `needle` in `text`; throws when there is none. */
export function locate(text: string, needle: string, occ: number, where: string): { start: number; end: number } {
  if (needle.length === 0 || !Number.isInteger(occ) || occ < 1) throw new Error(`${where}: bad locator ${JSON.stringify(needle)} #${occ}`);
  let at = -1;
  for (let i = 0; i < occ; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`${where}: ${JSON.stringify(needle)} occurs ${i} time(s), not ${occ}`);
  }
  const start = cpLength(text.slice(0, at));
  return { start, end: start + cpLength(needle) };
}

function context(text: string, needle: string, occ: number): string {
  let at = -1;
  for (let i = 0; i < occ; i++) at = text.indexOf(needle, at + 1);
  const flat = (s: string): string => s.replace(/\n/g, '⏎');
  return `${flat(text.slice(Math.max(0, at - 15), at))}[${needle}]${flat(text.slice(at + needle.length, at + needle.length + 12))}`;
}

export interface BuildReport {
  documents: { name: string; entities: number; events: number; relations: number }[];
  files: string[];
}

/** Builds the reference annotations in a temporary project and exports them to `out` (+ sidecar). */
export function buildReference(out: string, options: { review?: (line: string) => void } = {}): BuildReport {
  const dir = mkdtempSync(join(tmpdir(), 'qalam-reference-'));
  const service = initProject(join(dir, 'reference.qalam'), { name: 'reference', now: () => '2022-01-06T00:00:00.000Z' });
  try {
    service.call('session.setAnnotator', { name: REFERENCE_ANNOTATOR });
    service.call('documents.importPaths', { paths: REFERENCE.map((d) => join(SEEDS_DIR, d.file)) });
    const docs = service.call('documents.list', {});
    const report: BuildReport = { documents: [], files: [] };
    for (const spec of REFERENCE) report.documents.push(annotate(service, spec, docs, options.review));
    const exported = join(dir, basename(out));
    const r = service.call('export.run', { format: 'jsonl', out: exported, annotator: REFERENCE_ANNOTATOR });
    if (r.records !== REFERENCE.length) throw new Error(`the export has ${r.records} records, expected ${REFERENCE.length}`);
    const sidecar = `${basename(out, extname(out))}.schema.json`;
    copyFileSync(exported, out);
    copyFileSync(join(dir, sidecar), join(dirname(out), sidecar));
    report.files = [out, join(dirname(out), sidecar)];
    return report;
  } finally {
    service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Service = ReturnType<typeof initProject>;

function annotate(service: Service, spec: DocSpec, docs: { id: string; name: string }[], review?: (line: string) => void): BuildReport['documents'][number] {
  const name = basename(spec.file, extname(spec.file));
  const doc = docs.find((d) => d.name === name);
  if (!doc) throw new Error(`${spec.file}: not imported`);
  const text = readFileSync(join(SEEDS_DIR, spec.file), 'utf8');
  if (service.call('documents.get', { id: doc.id }).text !== text) throw new Error(`${spec.file}: the stored text differs from the file`);
  const ids = new Map<string, string>();
  for (const ms of spec.mentions) {
    const where = `${spec.file} mention ${ms.key}`;
    if (ids.has(ms.key)) throw new Error(`${where}: duplicate key`);
    const span = locate(text, ms.text, ms.occ, where);
    const { mention } = service.call('mentions.create', { docId: doc.id, type: ms.type, ...span });
    if (ms.level) service.call('attributes.set', { target: { kind: 'mention', id: mention.id }, name: 'Level', value: ms.level });
    ids.set(ms.key, mention.id);
    review?.(`${name} ${ms.type.padEnd(9)} ${(ms.level ?? '').padEnd(3)} ${ms.key.padEnd(14)} ${context(text, ms.text, ms.occ)}`);
  }
  const idOf = (key: string, where: string): string => {
    const id = ids.get(key);
    if (id === undefined) throw new Error(`${where}: no mention with key ${key}`);
    return id;
  };
  for (const es of spec.events) {
    const where = `${spec.file} event ${es.type} "${es.trigger}" #${es.occ}`;
    const span = locate(text, es.trigger, es.occ, where);
    let { event } = service.call('events.create', { docId: doc.id, type: es.type, ...span });
    for (const [role, key] of es.args) {
      ({ event } = service.call('events.setArgument', { id: event.id, role, mentionId: idOf(key, where), replace: false }));
    }
    service.call('attributes.set', { target: { kind: 'event', id: event.id }, name: 'Realis', value: es.realis });
    if (es.polarity) service.call('attributes.set', { target: { kind: 'event', id: event.id }, name: 'Polarity', value: es.polarity });
    if (event.arguments.length !== es.args.length) throw new Error(`${where}: ${event.arguments.length} arguments stored, ${es.args.length} given`);
    review?.(`${name} EVENT ${es.type.padEnd(24)} ${context(text, es.trigger, es.occ)} ${es.args.map(([r, k]) => `${r}=${k}`).join(' ')}`);
  }
  for (const rs of spec.relations) {
    const where = `${spec.file} relation ${rs.type} ${rs.arg1} ${rs.arg2}`;
    service.call('relations.create', { docId: doc.id, type: rs.type, arg1: idOf(rs.arg1, where), arg2: idOf(rs.arg2, where) });
  }
  service.call('documents.setStatus', { docId: doc.id, status: 'done' });
  const problems = service.call('documents.validate', { docId: doc.id });
  if (problems.length > 0) throw new Error(`${spec.file}: documents.validate reports ${problems.length} problem(s):\n${JSON.stringify(problems, null, 1)}`);
  return { name, entities: spec.mentions.length, events: spec.events.length, relations: spec.relations.length };
}

const invoked = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked) {
  const args = process.argv.slice(2);
  const review = args.includes('--review');
  const out = resolve(args.find((a) => !a.startsWith('--')) ?? REFERENCE_FILE);
  try {
    const report = buildReference(out, review ? { review: (l) => console.log(l) } : {});
    for (const d of report.documents) console.log(`${d.name}: ${d.entities} entities, ${d.events} events, ${d.relations} relations`);
    console.log(`wrote ${report.files.join(', ')}`);
  } catch (e) {
    console.error(`build-reference failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
