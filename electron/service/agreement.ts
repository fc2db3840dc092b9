/**
 * Agreement figures of a project (`qalam agreement`, `review.agreement`): the pure functions of
 * annotations/agreement over the project's annotation sets. Nothing is recomputed here.
 */
import {
  eventAgreementCorpus,
  pairwiseSpanAgreement,
  tokenAgreement,
  type AgreementEvent,
  type AnnotatorSetsDocument,
  type TokenDocument,
} from '../../annotations/agreement';
import type { EntityMention, EventMention } from '../../annotations/model';
import type { AgreementReport } from '../contract';
import type { Store } from '../store';
import { ServiceError } from './errors';

function toAgreementEvents(events: readonly EventMention[], mentions: readonly EntityMention[]): AgreementEvent[] {
  const byId = new Map<string, { start: number; end: number }>(mentions.map((m) => [m.id, m] as const));
  // An argument that is an event is matched by that event's trigger span.
  for (const e of events) byId.set(e.id, { start: e.triggerStart, end: e.triggerEnd });
  return events.map((e) => ({
    id: e.id,
    type: e.type,
    trigger: { start: e.triggerStart, end: e.triggerEnd },
    arguments: e.arguments.flatMap((a) => {
      const m = byId.get(a.mentionId);
      return m === undefined ? [] : [{ role: a.role, start: m.start, end: m.end }];
    }),
  }));
}

/**
 * Agreement between `annotators` (two or more, in that order: the first of a pair is the
 * reference) over `documents` (default: every document at least one of them annotated). A
 * document an annotator did not annotate (no annotation, status, flag or note there) is left
 * out of that annotator's pairs and is missing values at token level.
 */
export function computeAgreement(store: Store, annotators: readonly string[], documents?: readonly string[]): AgreementReport {
  const names = [...annotators];
  if (names.length < 2) throw new ServiceError('invalid-argument', 'agreement needs at least two annotators');
  if (new Set(names).size !== names.length) throw new ServiceError('invalid-argument', 'an annotator is listed twice');
  const known = store.listAnnotators();
  for (const a of names) if (!known.includes(a)) throw new ServiceError('not-found', `no annotator ${JSON.stringify(a)} in this project (it has: ${known.join(', ') || 'none'})`);
  const infos = store.listDocuments();
  let chosen = infos;
  if (documents !== undefined && documents.length > 0) {
    chosen = documents.map((id) => {
      const d = infos.find((x) => x.id === id);
      if (d === undefined) throw new ServiceError('not-found', `no document ${JSON.stringify(id)} in this project`);
      return d;
    });
  }
  const spanDocs: AnnotatorSetsDocument[] = [];
  const tokenDocs: TokenDocument[] = [];
  const eventSets: { docId: string; sets: Record<string, AgreementEvent[] | null> }[] = [];
  const used: AgreementReport['documents'] = [];
  for (const info of chosen) {
    const who = new Set(store.annotatorsOfDocument(info.id));
    const present = names.filter((a) => who.has(a));
    if (present.length === 0 && (documents === undefined || documents.length === 0)) continue;
    const doc = store.getDocument(info.id);
    if (doc === null) continue;
    used.push({ docId: info.id, name: info.name, annotators: present });
    const mentions: Record<string, EntityMention[] | null> = {};
    const events: Record<string, AgreementEvent[] | null> = {};
    for (const a of names) {
      if (!who.has(a)) {
        mentions[a] = null;
        events[a] = null;
        continue;
      }
      const ms = store.listMentions(info.id, a);
      mentions[a] = ms;
      events[a] = toAgreementEvents(store.listEvents(info.id, a), ms);
    }
    spanDocs.push({ docId: info.id, sets: mentions });
    tokenDocs.push({ docId: info.id, text: doc.text, sets: names.map((a) => mentions[a] ?? null) });
    eventSets.push({ docId: info.id, sets: events });
  }
  const eventPairs: AgreementReport['events'] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i] as string;
      const b = names[j] as string;
      const docs = eventSets.flatMap((d) => {
        const x = d.sets[a];
        const y = d.sets[b];
        return x && y ? [{ docId: d.docId, a: x, b: y }] : [];
      });
      eventPairs.push({ a, b, result: eventAgreementCorpus(docs) });
    }
  }
  return {
    annotators: names,
    documents: used,
    spans: pairwiseSpanAgreement(names, spanDocs),
    tokens: tokenAgreement(tokenDocs),
    events: eventPairs,
  };
}
