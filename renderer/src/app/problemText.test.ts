import { beforeAll, describe, expect, it } from 'vitest';
import { validateDocument, type ProblemKind } from '../../../annotations/validate';
import { NEWS_SCHEMA } from '../../../annotations/news';
import type { EntityMention, EventMention, Relation, Schema } from '../../../annotations/model';
import { LOCALES, addCatalogue, loadCatalogue, translate, type Locale } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { problemText } from './problemText';

// Hebrew and Arabic are chunks of their own (i18n/locale.ts): loaded as the window loads them.
beforeAll(async () => {
  addCatalogue('he', await loadCatalogue('he'));
  addCatalogue('ar', await loadCatalogue('ar'));
});

const text = 'המורדים תקפו את נמל התעופה בקאבול ביום שני ברקטות.';
const at = (w: string): [number, number] => {
  const i = text.indexOf(w);
  return [i, i + w.length];
};
const stamp = { annotator: 'dana', origin: 'manual' as const, createdAt: 't', updatedAt: 't' };
const mention = (id: string, type: string, word: string, extra: Partial<EntityMention> = {}): EntityMention => {
  const [start, end] = at(word);
  return { id, docId: 'd', type, start, end, ...stamp, ...extra };
};
const event = (id: string, type: string, word: string, args: [string, string][], extra: Partial<EventMention> = {}): EventMention => {
  const [triggerStart, triggerEnd] = at(word);
  return { id, docId: 'd', type, triggerStart, triggerEnd, arguments: args.map(([role, mentionId]) => ({ role, mentionId })), attributes: {}, note: '', ...stamp, ...extra };
};
const relation = (id: string, type: string, arg1: string, arg2: string): Relation => ({ id, docId: 'd', type, arg1, arg2, attributes: {}, note: '', ...stamp });

/** A document with a problem of every kind. */
function everyKind() {
  const schema: Schema = {
    ...NEWS_SCHEMA,
    entityTypes: [...NEWS_SCHEMA.entityTypes, { name: 'THING', color: '#ffffff', hotkey: null, abstract: true }],
    eventTypes: [...NEWS_SCHEMA.eventTypes, { name: 'Pay', color: '#eeeeee', hotkey: null, roles: [{ name: 'Giver', types: ['PER'], cardinality: '1' }, { name: 'Pair', types: ['PER'], cardinality: '{2}' }] }],
  };
  const mentions = [
    mention('1', 'ANIMAL', 'המורדים'),
    mention('2', 'THING', 'בקאבול', { attributes: { Level: 'XYZ', Realis: 'Actual', Nope: true } }),
    mention('3', 'FAC', 'נמל'),
    mention('4', 'TIME', 'שני'),
  ];
  const events = [
    event('E1', 'Conflict:Attack', 'תקפו', [['Place', '3'], ['Place', '3'], ['Time', '3'], ['Victim', '3'], ['Attacker', '99']], { attributes: { Uncertain: 'yes' as unknown as true } }),
    event('E2', 'Conflict:Explode', 'ברקטות', []),
    event('E3', 'Pay', 'ביום', [['Pair', '1']]),
  ];
  const relations = [relation('R1', 'PER-SOC', '3', '4'), relation('R2', 'KNOWS', '1', 'E7')];
  return { schema, problems: validateDocument(schema, mentions, events, relations, text) };
}

const tr = (locale: Locale) => (key: MessageKey, values?: Record<string, string | number>) => translate(locale, key, values);
const plain = (s: string) => s.replace(/[\u2068\u2069]/g, '');

describe('problemText', () => {
  const { schema, problems } = everyKind();

  it('the fixture has every kind of problem', () => {
    const kinds: ProblemKind[] = [
      'unknown-entity-type', 'unknown-event-type', 'unknown-relation-type', 'abstract-type', 'unknown-role', 'missing-argument',
      'too-many-arguments', 'wrong-argument-type', 'missing-mention', 'wrong-relation-argument', 'unknown-attribute', 'attribute-not-applicable', 'attribute-value',
    ];
    expect([...new Set(problems.map((p) => p.kind))].sort()).toEqual([...kinds].sort());
  });

  it('says each problem in English without internal ids', () => {
    const en = problems.map((p) => plain(problemText(tr('en'), 'en', p)));
    expect(en).toContain('Mention ANIMAL “המורדים”: the schema has no entity type ANIMAL');
    expect(en).toContain('Event Conflict:Attack “תקפו”: Time takes TIME, not mention FAC “נמל”');
    expect(en).toContain('Event Conflict:Attack “תקפו”: the Attacker argument points at a mention that does not exist');
    expect(en).toContain('Event Conflict:Attack “תקפו”: role Place takes at most 1 argument (2 given)');
    expect(en).toContain('Event Pay “ביום”: role Pair needs at least 2 arguments (1 given)');
    expect(en).toContain('Mention THING “בקאבול”: attribute Realis does not apply to THING (only to any event)');
    expect(en).toContain('Mention THING “בקאבול”: Level = XYZ is not allowed (allowed: NAM, NOM, and PRO)');
    expect(en).toContain('Relation KNOWS: its second argument points at an event that does not exist');
    for (const s of en) expect(s).not.toMatch(/\b(E\d+|R\d+)\b/);
  });

  it('leaves no English in Hebrew or Arabic: only the schema’s names are in Latin letters', () => {
    const names = new Set<string>(['ANIMAL', 'THING', 'KNOWS', 'XYZ', 'Nope', 'Victim', 'yes', 'Conflict:Explode']);
    for (const t of schema.entityTypes) names.add(t.name);
    for (const t of schema.eventTypes) {
      names.add(t.name);
      for (const r of t.roles) names.add(r.name);
    }
    for (const r of schema.relationTypes) [r.name, r.arg1.role, r.arg2.role].forEach((n) => names.add(n));
    for (const a of schema.attributes) [a.name, ...a.values].forEach((n) => names.add(n));
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      for (const p of problems) {
        const said = problemText(tr(locale), locale, p);
        // Each name is isolated: take the isolates out, and no Latin word is left.
        const rest = said.replace(/\u2068[^\u2069]*\u2069/g, ' ');
        expect([locale, p.kind, rest.match(/[A-Za-z]{2,}/g)]).toEqual([locale, p.kind, null]);
        for (const [, name] of said.matchAll(/\u2068([^\u2069]*)\u2069/g)) expect([name, names.has(name!) || text.includes(name!)]).toEqual([name, true]);
      }
    }
  });

  it('uses the plural forms of each language', () => {
    const pair = problems.find((p) => p.kind === 'missing-argument' && p.params.role === 'Pair')!;
    expect(plain(problemText(tr('he'), 'he', pair))).toBe('אירוע Pay „ביום”: התפקיד Pair צריך לפחות שני ארגומנטים (ניתן אחד)');
    expect(plain(problemText(tr('ar'), 'ar', pair))).toBe('الحدث Pay «ביום»: الدور Pair يحتاج معاملين على الأقل (أُعطي معامل واحد)');
  });
});
