import { describe, expect, it } from 'vitest';
import { NEWS_SCHEMA } from '../../../annotations/news';
import { DEFAULT_SCHEMA, normalizeSchema, withSchemaDefaults } from '../../../annotations/schema';
import type { Schema } from '../../../annotations/model';
import { describeDrop, draftProblems, fromDraft, problemText, refName, renamesOf, toDraft, withoutRef } from './draft';
import { addCatalogue, translate, type MessageKey } from '../i18n';
import { he as heCatalogue } from '../i18n/he';
import { reservedKeys } from '../editor/keymap';
import type { MessageValues } from '../i18n/format';

const en = (key: MessageKey, values?: MessageValues) => translate('en', key, values);
addCatalogue('he', heCatalogue);

const plain = (s: Schema): Schema => JSON.parse(JSON.stringify(s)) as Schema;

describe('schema draft', () => {
  it('turns a schema into a draft and back unchanged (the news schema, every section)', () => {
    const schema = plain(NEWS_SCHEMA);
    const back = fromDraft(toDraft(schema));
    // The draft leaves out empty parents and descriptions; in normal form it is the same schema.
    expect(normalizeSchema(back)).toEqual(normalizeSchema(schema));
    expect(back.eventTypes.map((t) => t.roles)).toEqual(schema.eventTypes.map((t) => t.roles));
    expect(renamesOf(toDraft(schema))).toEqual({});
    expect(draftProblems(toDraft(schema)).size).toBe(0);
  });

  it('a renamed type is a rename, and references to it follow the new name', () => {
    const d = toDraft(plain(NEWS_SCHEMA));
    const per = d.entities.find((t) => t.name === 'PER')!;
    per.name = ' PERSON ';
    const attack = d.events.find((t) => t.name === 'Conflict:Attack')!;
    const role = attack.roles[0]!;
    const oldRole = role.name;
    role.name = 'Who';
    expect(renamesOf(d)).toEqual({ types: { PER: 'PERSON' }, roles: { 'Conflict:Attack': { [oldRole]: 'Who' } } });
    const back = fromDraft(d);
    expect(back.entityTypes.some((t) => t.name === 'PERSON')).toBe(true);
    // Roles and relation arguments that accepted PER now accept PERSON.
    const accepts = [...back.eventTypes.flatMap((t) => t.roles.flatMap((r) => r.types)), ...back.relationTypes.flatMap((r) => [...r.arg1.types, ...r.arg2.types])];
    expect(accepts).toContain('PERSON');
    expect(accepts).not.toContain('PER');
    expect(refName(d, per.key)).toBe('PERSON');
  });

  it('types from a file the project does not know are new, not renames', () => {
    const saved = withSchemaDefaults(plain(DEFAULT_SCHEMA));
    const file = { ...saved, entityTypes: [...saved.entityTypes, { name: 'NEW', color: '#123456', hotkey: null, parent: null, description: '' }] };
    const d = toDraft(file, saved);
    const row = d.entities.find((t) => t.name === 'NEW')!;
    expect(row.orig).toBeNull();
    row.name = 'NEWER';
    expect(renamesOf(d)).toEqual({});
  });

  it('reports names used twice, hotkeys taken twice or by the editor, roles without types', () => {
    const d = toDraft(plain(NEWS_SCHEMA));
    const [a, b] = d.entities;
    b!.name = a!.name;
    a!.hotkey = 'v';
    d.entities[2]!.hotkey = d.entities[3]!.hotkey;
    d.events[0]!.roles[0]!.types = [];
    const problems = new Map([...draftProblems(d, en)].map(([k, list]) => [k, list.map((p) => problemText(p, en))]));
    const all = [...problems.values()].flat();
    expect(problems.get(b!.key)).toContain(`the name ${a!.name} is used twice`);
    expect(problems.get(a!.key)).toContain('hotkey v is taken by the editor (pick an event type)');
    expect(all.some((m) => m.startsWith(`hotkey ${d.entities[3]!.hotkey.toLowerCase()} is also`))).toBe(true);
    expect(problems.get(d.events[0]!.key)?.some((m) => m.endsWith('accepts no type'))).toBe(true);
  });

  it('refuses every single key the window uses, read from the keymap, naming what it does', () => {
    const d = toDraft(plain(NEWS_SCHEMA));
    const row = d.entities[0]!;
    for (const [key, use] of reservedKeys()) {
      row.hotkey = key;
      const got = draftProblems(d, en).get(row.key) ?? [];
      expect(got.map((p) => problemText(p, en)), key).toContain(`hotkey ${key} is taken by the editor (${en(use)})`);
      expect(got.every((p) => p.hotkey)).toBe(true);
    }
    expect([...reservedKeys().keys()].sort()).toEqual(['?', '[', ']', 'n', 'o', 'p', 'r', 'v', 'x', 'y']);
    // An event type's key taken by an entity type: both are named, in the interface's language.
    row.hotkey = d.events.find((t) => t.hotkey)!.hotkey;
    const he = (key: MessageKey, values?: MessageValues) => translate('he', key, values);
    const texts = (draftProblems(d, he).get(row.key) ?? []).map((p) => problemText(p, he));
    expect(texts).toEqual([`המקש ${row.hotkey} כבר של ${d.events.find((t) => t.hotkey === row.hotkey)!.name}`]);
  });

  it('removing a row removes every reference to it', () => {
    const d = toDraft(plain(NEWS_SCHEMA));
    const per = d.entities.find((t) => t.name === 'PER')!;
    const next = withoutRef(d, per.key);
    expect(next.entities.some((t) => t.key === per.key)).toBe(false);
    const refs = [
      ...next.events.flatMap((t) => t.roles.flatMap((r) => r.types)),
      ...next.relations.flatMap((r) => [...r.arg1Types, ...r.arg2Types]),
      ...next.attributes.flatMap((a) => a.appliesTo),
    ];
    expect(refs).not.toContain(per.key);
    expect(d.entities.some((t) => t.key === per.key)).toBe(true);
  });

  it('describes what a schema change would leave undefined', () => {
    expect(describeDrop({ what: 'entity type', name: 'FAC', count: 3 }, en)).toBe('Removing FAC affects 3 mentions; they are kept and reported as problems');
    expect(describeDrop({ what: 'role', name: 'Victim', eventType: 'Life:Die', count: 1 }, en)).toBe(
      'Removing role Victim of Life:Die affects 1 argument; it is kept and reported as a problem',
    );
  });
});
