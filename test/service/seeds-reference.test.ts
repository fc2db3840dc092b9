/**
 * seeds/reference.jsonl: the reference annotations of the seed documents (seeds/README.md). It
 * parses, its spans match the texts, it has the events the issue asks for, it validates, the build
 * script reproduces it byte for byte, and the default project's first start contains it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNativeJsonl, type NativeRecord } from '../../annotations/formats/jsonl';
import { cpSlice } from '../../annotations/text';
import { initProject, openOrCreateDefaultProject } from '../../electron/service';
import { buildReference } from '../seeds/build-reference';
import { REFERENCE, REFERENCE_ANNOTATOR } from '../seeds/reference-data';
import { REPO_ROOT, removeTempDirs, tempDir } from '../store/helpers';

const SEEDS = join(REPO_ROOT, 'seeds');
const FILE = join(SEEDS, 'reference.jsonl');
const SIDECAR = join(SEEDS, 'reference.schema.json');

afterAll(removeTempDirs);

const records = (): NativeRecord[] => parseNativeJsonl(readFileSync(FILE, 'utf8'), FILE);
const byName = (name: string): NativeRecord => {
  const r = records().find((x) => x.name === name);
  if (!r) throw new Error(`no record ${name}`);
  return r;
};
const HE = '000_02cc41fc914e2978';
const AR = '004_34706c9f770e00bd';

/** The events of `type` in `rec`, each with its arguments as [role, type, text]. */
function framesOf(rec: NativeRecord, type: string): { trigger: string; args: [string, string, string][] }[] {
  const ents = new Map(rec.entities.map((e) => [e.id, e]));
  return rec.events
    .filter((e) => e.type === type)
    .map((e) => ({
      trigger: e.trigger.text,
      args: e.arguments.map((a) => {
        const ent = ents.get(a.entity_id as string);
        if (!ent) throw new Error(`argument ${a.entity_id} is not an entity of ${rec.name}`);
        return [a.role, ent.type, ent.text] as [string, string, string];
      }),
    }));
}

describe('seeds/reference.jsonl', () => {
  it('parses with the native parser: one record per seed, all in the qalam-reference set, done', () => {
    const rs = records();
    expect(rs.map((r) => [r.name, r.annotator, r.status, r.lang])).toEqual([
      [HE, REFERENCE_ANNOTATOR, 'done', 'he'],
      [AR, REFERENCE_ANNOTATOR, 'done', 'ar'],
    ]);
    for (const r of rs) expect(r.text).toBe(readFileSync(join(SEEDS, `${r.name}.txt`), 'utf8'));
    expect(JSON.parse(readFileSync(SIDECAR, 'utf8'))).toMatchObject({ qalam: 1, format: 'qalam-jsonl', offsets: 'unicode-codepoints' });
  });

  it("every entity's and trigger's text is its slice of the document; entities carry their Level", () => {
    for (const r of records()) {
      expect(r.entities.length).toBeGreaterThan(80);
      for (const e of r.entities) {
        expect(cpSlice(r.text, e.start, e.end), `${r.name} ${e.id}`).toBe(e.text);
        expect(e.text).toBe(e.text.trim());
        if (e.type !== 'TIME' && e.type !== 'JOB-TITLE') expect(['NAM', 'NOM', 'PRO']).toContain(e.attributes?.Level);
      }
      for (const ev of r.events) {
        expect(cpSlice(r.text, ev.trigger.start, ev.trigger.end)).toBe(ev.trigger.text);
        expect(['Actual', 'Generic', 'Other']).toContain(ev.attributes.Realis);
      }
    }
  });

  it('keeps clitics out of the spans: no Hebrew mention starts with ו/ב/ל/מ/ש/כ + the word, Arabic keeps ال inside', () => {
    const he = byName(HE);
    const spans = (r: NativeRecord, type: string) => r.entities.filter((e) => e.type === type).map((e) => e.text);
    expect(spans(he, 'GPE')).toContain('קזחסטן');
    expect(spans(he, 'GPE')).not.toContain('בקזחסטן');
    expect(spans(he, 'PER')).toContain('מפגינים');
    expect(spans(he, 'PER')).not.toContain('המפגינים');
    const ar = byName(AR);
    expect(spans(ar, 'PER')).toContain('المتظاهرين');
    expect(spans(ar, 'ORG')).toContain('الحكومة');
    expect(spans(ar, 'GPE')).toContain('البلاد');
    expect(ar.entities.some((e) => /^[وبف]ال/.test(e.text))).toBe(false);
  });

  it('has the events of the issue with their arguments', () => {
    const he = byName(HE);
    const ar = byName(AR);
    // protests
    expect(framesOf(he, 'Conflict:Demonstrate')).toContainEqual({ trigger: 'הפגנות', args: [['Place', 'GPE', 'קזחסטן'], ['Time', 'TIME', 'היום (חמישי)']] });
    expect(framesOf(ar, 'Conflict:Demonstrate')).toContainEqual({ trigger: 'لاحتجاج', args: [['Entity', 'PER', 'المتظاهرين'], ['Place', 'FAC', 'الشوارع']] });
    // the government's resignation
    expect(framesOf(he, 'Personnel:End-Position')).toContainEqual({ trigger: 'התפטרות', args: [['Entity', 'ORG', 'ממשלתו'], ['Time', 'TIME', 'אמש']] });
    expect(framesOf(ar, 'Personnel:End-Position')).toContainEqual({ trigger: 'استقالتها', args: [['Entity', 'ORG', 'الحكومة'], ['Time', 'TIME', 'اليوم الأربعاء']] });
    // troops sent
    expect(framesOf(he, 'Movement:Transport')).toContainEqual({
      trigger: 'שלחה',
      args: [['Agent', 'GPE', 'רוסיה'], ['Artifact', 'PER', 'כוח צנחנים'], ['Destination', 'GPE', 'קזחסטן']],
    });
    // police killed
    expect(framesOf(he, 'Life:Die')).toEqual([{ trigger: 'נהרגו', args: [['Victim', 'PER', '8 שוטרים'], ['Agent', 'PER', 'מפגינים'], ['Place', 'GPE', 'קזחסטן']] }]);
    // airport seized: Conflict:Attack with the airport as Target
    const seized = framesOf(ar, 'Conflict:Attack').find((f) => f.trigger === 'سيطر');
    expect(seized?.args).toEqual(
      expect.arrayContaining([
        ['Attacker', 'PER', 'المتمردون'],
        ['Attacker', 'PER', 'الجنود'],
        ['Target', 'FAC', 'مطار البلاد'],
      ]),
    );
    // fighting, shooting, arson
    expect(framesOf(he, 'Conflict:Attack').map((f) => f.trigger)).toEqual(expect.arrayContaining(['ירי', 'להתעמת', 'הציתו']));
    expect(framesOf(ar, 'Conflict:Attack').map((f) => f.trigger)).toEqual(expect.arrayContaining(['اشتباكات', 'اقتحم', 'أضرموا']));
    // PART-WHOLE Almaty–Kazakhstan
    const rel = (r: NativeRecord) => {
      const ents = new Map(r.entities.map((e) => [e.id, e.text]));
      return r.relations.map((x) => [x.type, ents.get(x.arg1), ents.get(x.arg2)]);
    };
    expect(rel(he)).toContainEqual(['PART-WHOLE', 'אלמטי', 'קזחסטן']);
    expect(rel(ar)).toContainEqual(['PART-WHOLE', 'ألماتي', 'البلاد']);
    // The events ACE has no type for are documented omissions.
    const readme = readFileSync(join(SEEDS, 'README.md'), 'utf8');
    expect(readme).toMatch(/Documented omissions/);
    for (const s of ['Internet cut', 'State of emergency']) expect(readme).toContain(s);
  });

  it('imports into a project and validates without a problem; the counts match the data', () => {
    const dir = tempDir();
    const s = initProject(join(dir, 'p.qalam'));
    try {
      s.call('documents.importPaths', { paths: REFERENCE.map((d) => join(SEEDS, d.file)) });
      const report = s.call('import.run', { format: 'jsonl', paths: [FILE] });
      expect(report.imported).toEqual([]);
      expect(report.schemaAdded).toEqual([]);
      for (const [i, d] of s.call('documents.list', {}).entries()) {
        expect(s.call('documents.validate', { docId: d.id, annotator: REFERENCE_ANNOTATOR })).toEqual([]);
        const a = s.call('annotations.list', { docId: d.id, annotator: REFERENCE_ANNOTATOR });
        const spec = REFERENCE[i]!;
        expect([a.mentions.length, a.events.length, a.relations.length]).toEqual([spec.mentions.length, spec.events.length, spec.relations.length]);
      }
    } finally {
      s.close();
    }
  });

  it('is rebuilt byte for byte by test/seeds/build-reference.ts', () => {
    const dir = tempDir();
    const out = join(dir, 'reference.jsonl');
    buildReference(out);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(FILE, 'utf8'));
    expect(readFileSync(join(dir, 'reference.schema.json'), 'utf8')).toBe(readFileSync(SIDECAR, 'utf8'));
  }, 60_000);
});

describe('first start with the reference', () => {
  it('the default project has the reference set, not as the user’s set', () => {
    const dir = tempDir();
    const s = openOrCreateDefaultProject(join(dir, 'default.qalam'), SEEDS);
    try {
      const session = s.call('session.get', {});
      expect(session).toMatchObject({ annotator: null, annotators: [REFERENCE_ANNOTATOR], referenceSet: REFERENCE_ANNOTATOR, schemaVersion: 1 });
      const docs = s.call('documents.list', {});
      expect(docs.map((d) => [d.name, d.mentionCount, d.eventCount])).toEqual([
        [HE, 0, 0],
        [AR, 0, 0],
      ]);
      for (const [i, d] of docs.entries()) {
        const a = s.call('annotations.list', { docId: d.id, annotator: REFERENCE_ANNOTATOR });
        expect(a.mentions).toHaveLength(REFERENCE[i]!.mentions.length);
        expect(a.events).toHaveLength(REFERENCE[i]!.events.length);
        expect(a.relations).toHaveLength(REFERENCE[i]!.relations.length);
        expect(a.meta.status).toBe('done');
        expect(s.call('documents.validate', { docId: d.id, annotator: REFERENCE_ANNOTATOR })).toEqual([]);
      }
      // The user's own set starts empty.
      s.call('session.setAnnotator', { name: 'dana' });
      expect(s.call('annotations.list', { docId: docs[0]!.id }).mentions).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('{ reference: false } gives the bare seeded project', () => {
    const dir = tempDir();
    const s = openOrCreateDefaultProject(join(dir, 'default.qalam'), SEEDS, { reference: false });
    try {
      const session = s.call('session.get', {});
      expect(session.annotators).toEqual([]);
      expect(session).not.toHaveProperty('referenceSet');
      expect(s.call('documents.list', {})).toHaveLength(2);
    } finally {
      s.close();
    }
  });
});
