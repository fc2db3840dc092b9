/**
 * The default schema of a new project: news, after the ACE 2005 guidelines (LDC, "ACE (Automatic
 * Content Extraction) English Annotation Guidelines for Events/Relations", v5.4.3/v6.0).
 *
 * - Entity types: the eight of DEFAULT_SCHEMA (same colours, hotkeys 1–8) and four ACE value
 *   types used as event arguments: MONEY (9), CRIME (0), JOB-TITLE and SENTENCE (no hotkey).
 * - Event types: all 33 ACE subtypes, named `Type:Subtype`, with their ACE roles. ACE's
 *   Time-Within, Time-Before, Time-At-Beginning… are collapsed into one role `Time`. Every role is
 *   optional (ACE requires none): `?` when one filler is usual, `*` when a frame often has several
 *   (attackers, targets, victims, meeting parties, defendants…).
 * - Relation types: ACE's six (PHYS, PART-WHOLE, PER-SOC, ORG-AFF, ART, GEN-AFF).
 * - Attributes: Realis and Polarity on events, Level (NAM/NOM/PRO) on entities, and a boolean
 *   Uncertain on anything.
 */
import type { AttributeDef, Cardinality, EventType, RelationType, Schema } from './model';
import { DEFAULT_SCHEMA, freezeSchemaDeep } from './schema';

const POG = ['PER', 'ORG', 'GPE'];
const PLACE = ['GPE', 'LOC', 'FAC'];

/** role spec: "Name:TYPE|TYPE" with an optional cardinality suffix on the name ("Attacker*"). */
function roles(...specs: string[]): EventType['roles'] {
  // "-Place": ACE gives this type no Place role (Transport and Extradite have Origin/Destination)
  const noPlace = specs.includes('-Place');
  const all = [...specs.filter((x) => x !== '-Place'), 'Time:TIME', ...(noPlace ? [] : [`Place:${PLACE.join('|')}`])];
  const seen = new Set<string>();
  const out: EventType['roles'] = [];
  for (const spec of all) {
    const [head = '', types = ''] = spec.split(':');
    const m = /^(.*?)([?*+]?)$/.exec(head) as RegExpExecArray;
    const name = m[1] as string;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, types: types.split('|'), cardinality: ((m[2] ?? '') || '?') as Cardinality });
  }
  return out;
}

const t = (x: string[]): string => x.join('|');

/** Light colours per ACE event type (Paul Tol's "pale"/"light" families). */
const CATEGORY: Record<string, { color: string; description: string }> = {
  Life: { color: '#bbccee', description: 'Life' },
  Movement: { color: '#cceeff', description: 'Movement' },
  Transaction: { color: '#ccddaa', description: 'Transaction' },
  Business: { color: '#eeeebb', description: 'Business' },
  Conflict: { color: '#ffcccc', description: 'Conflict' },
  Contact: { color: '#dddddd', description: 'Contact' },
  Personnel: { color: '#e8d0f0', description: 'Personnel' },
  Justice: { color: '#f5deb3', description: 'Justice' },
};

type EventSpec = [name: string, hotkey: string | null, description: string, roles: EventType['roles']];

const EVENTS: EventSpec[] = [
  ['Life:Be-Born', null, 'someone is born', roles('Person:PER')],
  ['Life:Marry', null, 'two people are married', roles('Person*:PER')],
  ['Life:Divorce', null, 'two people are divorced', roles('Person*:PER')],
  ['Life:Injure', 'i', 'someone is injured (accidentally, intentionally or self-inflicted)', roles(`Agent*:${t(POG)}`, 'Victim*:PER', 'Instrument*:WEA|VEH')],
  ['Life:Die', 'k', 'someone dies or is killed', roles(`Agent*:${t(POG)}`, 'Victim*:PER', 'Instrument*:WEA|VEH')],
  ['Movement:Transport', 't', 'people or things are moved from one place to another', roles(`Agent*:${t(POG)}`, 'Artifact*:PER|WEA|VEH', 'Vehicle*:VEH', 'Price:MONEY', `Origin:${t(PLACE)}`, `Destination:${t(PLACE)}`, '-Place')],
  ['Transaction:Transfer-Ownership', null, 'an artifact is given, bought, sold, acquired', roles(`Buyer*:${t(POG)}`, `Seller*:${t(POG)}`, `Beneficiary*:${t(POG)}`, 'Artifact*:VEH|WEA|FAC|ORG', 'Price:MONEY')],
  ['Transaction:Transfer-Money', 'g', 'money is given, lent, borrowed, donated', roles(`Giver*:${t(POG)}`, `Recipient*:${t(POG)}`, `Beneficiary*:${t(POG)}`, 'Money:MONEY')],
  ['Business:Start-Org', null, 'a new organization is created', roles(`Agent*:${t(POG)}`, 'Org:ORG')],
  ['Business:Merge-Org', null, 'organizations merge', roles('Org*:ORG')],
  ['Business:Declare-Bankruptcy', null, 'an organization declares bankruptcy', roles(`Org:${t(POG)}`)],
  ['Business:End-Org', null, 'an organization ceases to exist', roles('Org:ORG')],
  ['Conflict:Attack', 'a', 'a violent physical act causing harm or damage', roles(`Attacker*:${t(POG)}`, 'Target*:PER|ORG|VEH|FAC|WEA|GPE|LOC', 'Instrument*:WEA|VEH')],
  ['Conflict:Demonstrate', 'd', 'a public demonstration, protest or riot', roles('Entity*:PER|ORG')],
  ['Contact:Meet', 'm', 'two or more parties meet face to face', roles(`Entity*:${t(POG)}`)],
  ['Contact:Phone-Write', null, 'a written or telephone communication', roles(`Entity*:${t(POG)}`, '-Place')],
  ['Personnel:Start-Position', 's', 'someone starts working for an organization', roles('Person*:PER', 'Entity:ORG|GPE', 'Position:JOB-TITLE')],
  ['Personnel:End-Position', 'e', 'someone stops working for an organization (resigns, is fired, retires)', roles('Person*:PER', 'Entity:ORG|GPE', 'Position:JOB-TITLE')],
  ['Personnel:Nominate', null, 'someone is nominated for a position', roles('Person:PER', `Agent*:${t(POG)}|FAC`, 'Position:JOB-TITLE')],
  ['Personnel:Elect', null, 'someone wins an election', roles('Person:PER', `Entity*:${t(POG)}`, 'Position:JOB-TITLE')],
  ['Justice:Arrest-Jail', 'j', 'someone is arrested or jailed', roles('Person*:PER', `Agent*:${t(POG)}`, 'Crime:CRIME')],
  ['Justice:Release-Parole', null, 'someone is released from custody', roles('Person*:PER', `Entity*:${t(POG)}`, 'Crime:CRIME')],
  ['Justice:Trial-Hearing', null, 'a trial or hearing', roles(`Defendant*:${t(POG)}`, `Prosecutor:${t(POG)}`, `Adjudicator:${t(POG)}`, 'Crime:CRIME')],
  ['Justice:Charge-Indict', null, 'someone is charged or indicted', roles(`Defendant*:${t(POG)}`, `Prosecutor:${t(POG)}`, `Adjudicator:${t(POG)}`, 'Crime:CRIME')],
  ['Justice:Sue', null, 'a lawsuit is brought', roles(`Plaintiff*:${t(POG)}`, `Defendant*:${t(POG)}`, `Adjudicator:${t(POG)}`, 'Crime:CRIME')],
  ['Justice:Convict', null, 'someone is convicted of a crime', roles(`Defendant*:${t(POG)}`, `Adjudicator:${t(POG)}`, 'Crime:CRIME')],
  ['Justice:Sentence', null, 'a punishment is handed down', roles(`Defendant*:${t(POG)}`, `Adjudicator:${t(POG)}`, 'Crime:CRIME', 'Sentence:SENTENCE')],
  ['Justice:Fine', null, 'someone is fined', roles(`Entity*:${t(POG)}`, `Adjudicator:${t(POG)}`, 'Money:MONEY', 'Crime:CRIME')],
  ['Justice:Execute', null, 'someone is executed', roles('Person*:PER', `Agent*:${t(POG)}`, 'Crime:CRIME')],
  ['Justice:Extradite', null, 'someone is sent from one jurisdiction to another', roles(`Agent*:${t(POG)}`, 'Person*:PER', `Destination:${t(PLACE)}`, `Origin:${t(PLACE)}`, 'Crime:CRIME', '-Place')],
  ['Justice:Acquit', null, 'someone is acquitted', roles(`Defendant*:${t(POG)}`, `Adjudicator:${t(POG)}`, 'Crime:CRIME')],
  ['Justice:Appeal', null, 'a decision is appealed', roles(`Defendant*:${t(POG)}`, `Prosecutor:${t(POG)}`, `Adjudicator:${t(POG)}`, 'Crime:CRIME')],
  ['Justice:Pardon', null, 'someone is pardoned', roles(`Defendant*:${t(POG)}`, `Adjudicator:${t(POG)}`, 'Crime:CRIME')],
];

const ANY_ENTITY_TYPE = ['PER', 'ORG', 'GPE', 'LOC', 'FAC', 'VEH', 'WEA'];

function relation(name: string, arg1: string[], arg2: string[], description: string, color: string, symmetric = false): RelationType {
  return { name, color, description, arg1: { role: 'Arg1', types: arg1 }, arg2: { role: 'Arg2', types: arg2 }, symmetric, transitive: false };
}

const RELATIONS: RelationType[] = [
  relation('PHYS', ANY_ENTITY_TYPE, ['FAC', 'LOC', 'GPE'], 'Physical: located in or near', '#4477aa'),
  relation('PART-WHOLE', ['FAC', 'LOC', 'GPE', 'ORG', 'VEH', 'WEA'], ['FAC', 'LOC', 'GPE', 'ORG', 'VEH', 'WEA'], 'Part-whole: geographical, subsidiary, artifact', '#228833'),
  relation('PER-SOC', ['PER'], ['PER'], 'Personal-social: business, family, lasting personal', '#aa3377', true),
  relation('ORG-AFF', ['PER', 'ORG', 'GPE'], ['ORG', 'GPE'], 'Org-affiliation: employment, ownership, founder, membership, student', '#ee6677'),
  relation('ART', ['PER', 'ORG', 'GPE'], ['WEA', 'VEH', 'FAC'], 'Agent-artifact: user, owner, inventor, manufacturer', '#ccbb44'),
  relation('GEN-AFF', ['PER', 'ORG'], ['PER', 'ORG', 'GPE', 'LOC'], 'Gen-affiliation: citizen, resident, religion, ethnicity', '#66ccee'),
];

const ATTRIBUTES: AttributeDef[] = [
  { name: 'Realis', appliesTo: ['<EVENT>'], values: ['Actual', 'Generic', 'Other'], description: 'Did the event happen (Actual), is it generic, or hypothetical/future/negated (Other)?' },
  { name: 'Polarity', appliesTo: ['<EVENT>'], values: ['Positive', 'Negative'], description: 'Is the event asserted (Positive) or said not to have happened (Negative)?' },
  { name: 'Level', appliesTo: ['<ENTITY>'], values: ['NAM', 'NOM', 'PRO'], description: 'Mention level: a name, a common noun phrase, or a pronoun' },
  { name: 'Uncertain', appliesTo: ['<ENTITY>', '<EVENT>', '<RELATION>'], values: [], description: 'The annotator is not sure about this annotation' },
];

/** The news schema (ACE 2005 style). Frozen: copy it before changing anything. */
export const NEWS_SCHEMA: Schema = freezeSchemaDeep({
  version: 1,
  entityTypes: [
    ...DEFAULT_SCHEMA.entityTypes.map((e) => ({ ...e })),
    { name: 'MONEY', color: '#aaaa00', hotkey: '9', parent: null, description: 'Money: an amount of money (ACE value)' },
    { name: 'CRIME', color: '#bb88cc', hotkey: '0', parent: null, description: 'Crime: a crime or offence named in the text (ACE value)' },
    { name: 'JOB-TITLE', color: '#99bbaa', hotkey: null, parent: null, description: 'Job title: a position, e.g. "minister" (ACE value)' },
    { name: 'SENTENCE', color: '#ccaa88', hotkey: null, parent: null, description: 'Sentence: a punishment handed down, e.g. "ten years" (ACE value)' },
  ],
  eventTypes: EVENTS.map(([name, hotkey, description, r]) => {
    const cat = CATEGORY[name.split(':')[0] as string] as { color: string };
    return { name, color: cat.color, hotkey, parent: null, description, roles: r };
  }),
  relationTypes: RELATIONS,
  attributes: ATTRIBUTES,
});
