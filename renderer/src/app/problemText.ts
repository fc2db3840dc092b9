/**
 * A validation problem said in the interface language: the core gives each problem its kind and
 * params (annotations/validate.ts); this puts them into the catalogue's `problems.kind.*`
 * messages. Names (types, roles, attributes, the annotated words) are inserted as they are,
 * each isolated (FSI … PDI) so a Latin name or a Hebrew word keeps its order in either direction.
 * No internal ids: the annotation is named by its type and words.
 */
import type { ProblemSubject, ProblemTarget, ValidationProblem } from '../../../annotations/validate';
import type { Locale, Translate } from '../i18n';

const isolate = (s: string): string => `\u2068${s}\u2069`;

function list(locale: Locale, items: string[], type: 'conjunction' | 'disjunction'): string {
  return new Intl.ListFormat(locale, { style: 'long', type }).format(items);
}

/** A schema type list with its shortcuts (`<ENTITY>`, `<EVENT>`, `<RELATION>`) in words. */
function typeList(t: Translate, locale: Locale, types: readonly string[], type: 'conjunction' | 'disjunction'): string {
  const words = types.map((x) =>
    x === '<ENTITY>' ? t('problems.anyEntity') : x === '<EVENT>' ? t('problems.anyEvent') : x === '<RELATION>' ? t('problems.anyRelation') : isolate(x),
  );
  return list(locale, words, type);
}

function subjectText(t: Translate, s: ProblemSubject): string {
  return s.text === undefined || s.kind === 'relation'
    ? t('problems.subject', { kind: s.kind, type: isolate(s.type) })
    : t('problems.subjectWords', { kind: s.kind, type: isolate(s.type), text: isolate(s.text) });
}

function targetText(t: Translate, x: ProblemTarget): string {
  if (x.type === undefined) return t('problems.targetMissing', { kind: x.kind });
  return x.text === undefined
    ? t('problems.target', { kind: x.kind, type: isolate(x.type) })
    : t('problems.targetWords', { kind: x.kind, type: isolate(x.type), text: isolate(x.text) });
}

function valueText(t: Translate, value: unknown): string {
  if (value === true) return t('problems.yes');
  return isolate(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));
}

export function problemText(t: Translate, locale: Locale, p: ValidationProblem): string {
  const subject = subjectText(t, p.subject);
  const type = isolate(p.subject.type);
  switch (p.kind) {
    case 'unknown-entity-type':
    case 'unknown-event-type':
    case 'unknown-relation-type':
    case 'abstract-type':
      return t(`problems.kind.${p.kind}`, { subject, type });
    case 'unknown-role':
      return t('problems.kind.unknown-role', { subject, type, role: isolate(p.params.role) });
    case 'missing-mention':
      return p.params.role !== undefined
        ? t('problems.kind.missing-mention', { subject, role: isolate(p.params.role), target: targetText(t, p.params.target) })
        : t('problems.kind.missing-end', { subject, end: p.params.end === 2 ? 'second' : 'first', target: targetText(t, p.params.target) });
    case 'missing-argument':
      return t('problems.kind.missing-argument', { subject, role: isolate(p.params.role), min: p.params.min, given: p.params.given });
    case 'too-many-arguments':
      return t('problems.kind.too-many-arguments', { subject, role: isolate(p.params.role), max: p.params.max, given: p.params.given });
    case 'wrong-argument-type':
    case 'wrong-relation-argument':
      return t('problems.kind.wrong-argument-type', {
        subject,
        role: isolate(p.params.role),
        accepted: typeList(t, locale, p.params.accepted, 'disjunction'),
        target: targetText(t, p.params.target),
      });
    case 'unknown-attribute':
      return t('problems.kind.unknown-attribute', { subject, attribute: isolate(p.params.attribute) });
    case 'attribute-not-applicable':
      return t('problems.kind.attribute-not-applicable', { subject, attribute: isolate(p.params.attribute), type, types: typeList(t, locale, p.params.appliesTo, 'conjunction') });
    case 'attribute-value':
      return t('problems.kind.attribute-value', {
        subject,
        attribute: isolate(p.params.attribute),
        value: valueText(t, p.params.value),
        yesno: p.params.allowed.length === 0 ? 'yes' : 'no',
        values: list(locale, p.params.allowed.map(isolate), 'conjunction'),
      });
  }
}
