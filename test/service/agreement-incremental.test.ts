/**
 * The agreement computer keeps every document's counts and, after edits, takes back and adds only
 * the documents whose sets changed. Over many short documents and random edits of every kind
 * (mentions created, deleted, retyped, resized; undo and redo; a status on a set without
 * annotations; acceptances into gold; a document imported), its reports equal the object
 * functions' figures over the project as it is (pairwiseSpanAgreement, tokenAgreement: not the
 * columnar code), and a fresh computer's report.
 */
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { agreementTokens, LabelNumbers, pairwiseSpanAgreement, tokenAgreement } from '../../annotations/agreement';
import { seededRandom as rng } from '../../annotations/random';
import { initProject, type QalamService } from '../../electron/service';
import { AgreementComputer } from '../../electron/service/agreementComputer';
import type { AgreementReport } from '../../electron/contract';
import type { Store } from '../../electron/store';
import { fakeClock, removeTempDirs, tempDir, writeFiles } from '../store/helpers';

afterAll(removeTempDirs);

const WORDS = ['בקזחסטן', 'טוקאייב', 'פגש', 'את', 'פוטין', 'שָׁלוֹם', 'צה"ל', 'كازاخستان', 'مُحَمَّدٌ', 'الحكومة', 'ألماتي', '2022', 'CSTO', 'ירושלים', 'והנשיא'];
const TYPES = ['PER', 'ORG', 'GPE', 'LOC'];

let open: QalamService[] = [];
afterEach(() => {
  for (const s of open) s.close();
  open = [];
});

function texts(r: () => number, n: number, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let d = 0; d < n; d++) {
    const words = Array.from({ length: 8 + Math.floor(r() * 30) }, () => WORDS[Math.floor(r() * WORDS.length)] as string);
    out[`${prefix}/t${String(d).padStart(3, '0')}.txt`] = words.join(r() < 0.5 ? ' ' : ', ');
  }
  return out;
}

/** The figures by the object functions (and who annotated what by its own query), for `names`. */
function reference(store: Store, names: readonly string[], perDocument: readonly string[]): Pick<AgreementReport, 'documents' | 'spans' | 'tokens'> {
  const keep = (id: string) => perDocument.includes(id);
  const who = store.agreement.annotatorsByDocument(names);
  const docs = store.agreement.documentNames().filter((d) => who.has(d.id));
  const text = store.agreement.texts(docs.map((d) => d.id));
  const sets = docs.map((d) => names.map((a) => (who.get(d.id)?.has(a) ? store.listMentions(d.id, a).map((m) => ({ id: m.id, type: m.type, start: m.start, end: m.end })) : null)));
  return {
    documents: docs.map((d) => ({ docId: d.id, name: d.name, annotators: names.filter((a) => who.get(d.id)?.has(a)) })),
    spans: pairwiseSpanAgreement(
      names,
      docs.map((d, k) => ({ docId: d.id, sets: Object.fromEntries(names.map((a, i) => [a, sets[k]![i] ?? null])) })),
      keep,
    ),
    tokens: tokenAgreement(
      docs.map((d, k) => ({ docId: d.id, text: text.get(d.id)!, sets: sets[k]! })),
      new LabelNumbers(),
      keep,
    ),
  };
}

describe('agreement after edits: only the changed documents counted again, the figures of counting all', () => {
  it('random edits of every kind over 120 short documents, 2 and 3 annotators', () => {
    const r = rng(2026);
    const dir = tempDir('qalam-agreement-incremental-');
    writeFiles(dir, texts(r, 120, 'texts'));
    writeFiles(dir, texts(r, 3, 'more'));
    const service = initProject(join(dir, 'p.qalam'), { now: fakeClock() });
    open.push(service);
    const store = service.store;
    const as = (name: string) => service.call('session.setAnnotator', { name });
    as('dana');
    let docs = service.call('documents.importPaths', { paths: [join(dir, 'texts')] }).imported.map((d) => d.id);
    const textOf = (id: string) => store.agreement.texts([id]).get(id)!;
    const create = (who: string, docId: string): void => {
      const tokens = agreementTokens(textOf(docId));
      const k = Math.floor(r() * tokens.length);
      const last = tokens[Math.min(tokens.length - 1, k + (r() < 0.2 ? 1 : 0))]!;
      as(who);
      try {
        service.call('mentions.create', { docId, type: TYPES[Math.floor(r() * TYPES.length)]!, start: tokens[k]!.start + (r() < 0.1 ? 1 : 0), end: last.end });
      } catch {
        // the same span and type twice: refused, nothing written
      }
    };
    for (const d of docs) {
      if (r() < 0.85) for (let i = 0; i < 1 + Math.floor(r() * 6); i++) create('dana', d);
      if (r() < 0.85) for (let i = 0; i < 1 + Math.floor(r() * 6); i++) create('noa', d);
      if (r() < 0.3) create('lior', d);
    }
    const computer = new AgreementComputer();
    const kinds = new Set<string>();
    const someMention = (who: string) => {
      const d = docs[Math.floor(r() * docs.length)]!;
      const ms = store.listMentions(d, who);
      return ms.length === 0 ? null : ms[Math.floor(r() * ms.length)]!;
    };
    for (let round = 0; round < 70; round++) {
      const who = r() < 0.5 ? 'dana' : 'noa';
      const x = r();
      const m = someMention(who);
      as(who);
      if (x < 0.25) {
        create(who, docs[Math.floor(r() * docs.length)]!);
        kinds.add('create');
      } else if (x < 0.4 && m) {
        service.call('mentions.delete', { id: m.id });
        kinds.add('delete');
      } else if (x < 0.55 && m) {
        service.call('mentions.update', { id: m.id, type: TYPES.find((t) => t !== m.type)! });
        kinds.add('retype');
      } else if (x < 0.65 && m) {
        // a resize, as the editor does it: the old span deleted, the new one created
        service.call('mentions.delete', { id: m.id });
        try {
          service.call('mentions.create', { docId: m.docId, type: m.type, start: m.start, end: Math.min(m.end + 1, [...textOf(m.docId)].length) });
        } catch {
          // taken
        }
        kinds.add('resize');
      } else if (x < 0.75 && m) {
        service.call('history.undo', { docId: m.docId });
        if (r() < 0.5) service.call('history.redo', { docId: m.docId });
        kinds.add('undo/redo');
      } else if (x < 0.82) {
        // a status on a document the annotator has not annotated: the set now counts (empty)
        const d = docs.find((id) => store.listMentions(id, who).length === 0 && r() < 0.5);
        if (d) service.call('documents.setStatus', { docId: d, status: 'in-progress' });
        kinds.add('status');
      } else if (x < 0.9) {
        const d = docs[Math.floor(r() * docs.length)]!;
        const ids = store.listMentions(d, 'dana').map((mm) => mm.id);
        if (ids.length > 0) service.call('review.accept', { docId: d, from: 'dana', ids: ids.slice(0, 1 + Math.floor(r() * ids.length)) });
        kinds.add('accept');
      } else if (x < 0.93 && !kinds.has('import')) {
        docs = [...docs, ...service.call('documents.importPaths', { paths: [join(dir, 'more')] }).imported.map((d) => d.id)];
        create('noa', docs[docs.length - 1]!);
        kinds.add('import');
      }
      const names = round % 10 === 9 ? ['dana', 'noa', r() < 0.5 ? 'lior' : 'gold'] : ['dana', 'noa'];
      if (names.includes('gold') && !store.listAnnotators().includes('gold')) names[2] = 'lior';
      const perDocument = docs.filter(() => r() < 0.05);
      const got = computer.compute(store, names, undefined, perDocument);
      const want = reference(store, names, perDocument);
      expect(got.documents).toEqual(want.documents);
      expect(got.spans).toEqual(want.spans);
      expect(got.tokens).toEqual(want.tokens);
      expect(got).toEqual(new AgreementComputer().compute(store, names, undefined, perDocument));
    }
    expect([...kinds].sort()).toEqual(['accept', 'create', 'delete', 'import', 'resize', 'retype', 'status', 'undo/redo']);
    // documents asked by id (any order, one not annotated): the figures of those documents
    const asked = [docs[7]!, docs[3]!, docs[docs.length - 1]!];
    expect(computer.compute(store, ['dana', 'noa'], asked, [])).toEqual(new AgreementComputer().compute(store, ['dana', 'noa'], asked, []));
  });
});
