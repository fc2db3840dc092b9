import { describe, expect, it } from 'vitest';
import { accountDocument, figures, simulate, type SimulationDocument } from './simulate';
import { trainWithHeldOut } from './tagger';
import type { SpanTyped } from './occurrences';
import { ProjectOccurrences } from './projectOccurrences';

const m = (start: number, end: number, type: string): SpanTyped => ({ start, end, type });

describe('accounting', () => {
  it('counts accepts, retypes, rejects, wrong boundaries, and hand tags exactly', () => {
    const gold = [m(0, 5, 'PER'), m(10, 16, 'GPE'), m(20, 25, 'ORG'), m(30, 34, 'PER'), m(40, 44, 'LOC')];
    const suggestions = [
      m(0, 5, 'PER'), // right: accept (1)
      m(0, 5, 'PER'), // the same again: shown once
      m(9, 16, 'GPE'), // wrong boundary: reject (1), then GPE by hand (2)
      m(20, 25, 'PER'), // wrong type: ORG's hotkey on the ghost accepts it as ORG (1)
      m(50, 55, 'ORG'), // nothing there: reject (1)
      m(40, 44, 'LOC'), // right: accept (1)
    ];
    const t = accountDocument(gold, suggestions);
    expect(t).toEqual({ gold: 5, suggested: 5, accepted: 2, acceptedAll: 0, acceptAll: 0, retyped: 1, fixed: 0, propagations: 0, propagated: 0, propagatedWrong: 0, rejected: 2, wrongBoundary: 1, wrongType: 1, hand: 2, actions: 2 + 1 + 2 + 4 });
    // 9 actions for 5 mentions against 10 by hand
    const f = figures(t);
    expect([f.actionsPerMention, f.precision, f.recall]).toEqual([9 / 5, 2 / 5, 2 / 5]);
    expect(f.f1).toBeCloseTo(2 / 5, 12);
  });
  it('accept all above the score: one key, then 2 for each wrong one it took; used only when it costs less', () => {
    const gold = [m(0, 3, 'PER'), m(4, 8, 'GPE'), m(10, 14, 'ORG'), m(20, 24, 'PER'), m(30, 34, 'LOC'), m(40, 44, 'GPE')];
    const s = (x: SpanTyped, score: number) => ({ ...x, score });
    const shown = [
      s(m(0, 3, 'PER'), 0.9),
      s(m(4, 8, 'GPE'), 0.9),
      s(m(10, 14, 'ORG'), 0.95),
      s(m(20, 24, 'PER'), 0.8),
      s(m(26, 28, 'PER'), 0.9), // wrong, taken by accept all: select + Delete (2)
      s(m(30, 34, 'PER'), 0.85), // gold LOC: taken as PER, then select + LOC's key (2)
      s(m(40, 44, 'GPE'), 0.5), // under the score: Enter (1)
    ];
    // one by one: 5 accepted + 1 rejected + 1 retyped = 7; accept all: 1 + 2 + 2 + 1 = 6
    expect(accountDocument(gold, shown, { acceptAllFrom: null }).actions).toBe(7);
    const t = accountDocument(gold, shown, { acceptAllFrom: 0.8 });
    expect(t).toEqual({ gold: 6, suggested: 7, accepted: 5, acceptedAll: 4, acceptAll: 1, retyped: 0, fixed: 2, propagations: 0, propagated: 0, propagatedWrong: 0, rejected: 0, wrongBoundary: 0, wrongType: 1, hand: 0, actions: 1 + 4 + 1 });
    // where it costs more (one right, two wrong above the score), one by one
    const worse = accountDocument([m(0, 3, 'PER')], [s(m(0, 3, 'PER'), 0.9), s(m(5, 7, 'PER'), 0.9), s(m(9, 11, 'PER'), 0.9)], { acceptAllFrom: 0.8 });
    expect(worse).toMatchObject({ acceptAll: 0, accepted: 1, rejected: 2, actions: 3 });
    // a suggestion at a span a mention now has is dropped: nothing to do for it
    const twice = accountDocument([m(0, 3, 'PER')], [m(0, 3, 'GPE'), m(0, 3, 'PER')]);
    expect(twice).toMatchObject({ accepted: 1, retyped: 0, rejected: 0, actions: 1 });
  });
  it('o + Enter after a hand tag: 2 for the other occurrences of its form in the document, 2 more for each wrong one; only where it pays', () => {
    const text = 'דוד אמר. דוד הלך. ודוד בא. דוד המלך ישב. שוב דוד.';
    const at = (k: number, skip = 0) => {
      let u = -1;
      for (let i = 0; i <= k; i++) u = text.indexOf('דוד', u + 1);
      return m(u + skip, u + 3, 'PER');
    };
    // four are gold (the third as a stem after ו); the fourth, דוד המלך, is not
    const gold = [at(0), at(1), at(2), at(4)];
    const practice = new ProjectOccurrences().practice;
    const t = accountDocument(gold, [], { propagate: { text, practice } });
    // by hand 2, o + Enter 2 tags the other three right ones and the wrong one, deleted: 2
    expect(t).toMatchObject({ hand: 1, propagations: 1, propagated: 3, propagatedWrong: 1, actions: 2 + 2 + 2 });
    // three gold mentions and a wrong occurrence: 2 + 2 is not cheaper than the other two by hand
    expect(accountDocument([at(0), at(1), at(2)], [], { propagate: { text, practice } })).toMatchObject({ hand: 3, propagations: 0, actions: 6 });
    expect(accountDocument(gold, [])).toMatchObject({ hand: 4, propagations: 0, actions: 8 });
  });
  it('without suggestions every mention is a hand tag (2.0); with only right ones, 1.0', () => {
    const gold = [m(0, 3, 'PER'), m(4, 8, 'GPE')];
    expect(figures(accountDocument(gold, [])).actionsPerMention).toBe(2);
    expect(figures(accountDocument(gold, gold)).actionsPerMention).toBe(1);
    expect(accountDocument([], [m(0, 3, 'PER')])).toMatchObject({ gold: 0, rejected: 1, actions: 1 });
  });
});

/** Documents of one sentence each, with the given words tagged: [word, type?, prefix length?]. */
function docs(sentences: [string, string?, number?][][]): SimulationDocument[] {
  return sentences.map((words, k) => {
    let text = '';
    const mentions: SpanTyped[] = [];
    for (const [w, type, skip = 0] of words) {
      if (text !== '') text += ' ';
      const start = [...text].length;
      text += w;
      if (type) mentions.push({ start: start + skip, end: [...text].length, type });
    }
    return { id: `d${k}`, text: `${text}.\n`, mentions };
  });
}

describe('simulation', () => {
  it('replays documents in order: occurrences of what was tagged before, after proclitics, accepted or rejected', () => {
    const set = docs([
      [['דוד', 'PER'], ['ביקר'], ['בקזחסטן', 'GPE', 1]],
      // קזחסטן found after ול (accept), דוד found (accept); משה by hand
      [['משה', 'PER'], ['ודוד', 'PER', 1], ['טסו'], ['ולקזחסטן', 'GPE', 2]],
      // דוד here is not tagged in the gold (reject); משה found (accept); קזחסטן found (accept)
      [['דוד'], ['המלך'], ['ומשה', 'PER', 1], ['בקזחסטן', 'GPE', 1]],
    ]);
    const r = simulate(set, { recommenders: ['occurrences'], minReliability: 0, clock: () => 0 });
    expect(r.scenario).toBe('cold');
    // the second document: accept all (both right, score 1) and משה by hand = 3; the third: accept
    // all would cost 1 + 2 (delete דוד) = 3, as one by one (2 + 1 reject): one by one
    expect(r.documents.map((d) => [d.gold, d.accepted, d.acceptAll, d.rejected, d.hand, d.actions])).toEqual([
      [2, 0, 0, 0, 2, 4],
      [3, 2, 1, 0, 1, 3],
      [2, 2, 0, 1, 0, 3],
    ]);
    expect(r.total).toMatchObject({ gold: 7, accepted: 4, rejected: 1, hand: 3, actions: 10, sentences: 3 });
    expect(r.total.actionsPerMention).toBe(10 / 7);
    // without accept all, as before: 11
    expect(simulate(set, { recommenders: ['occurrences'], minReliability: 0, acceptAllFrom: null, clock: () => 0 }).total.actions).toBe(11);
    expect(r.trainings).toEqual([]);
    // after the first 2 sentences: the last document alone
    const after = simulate(set, { recommenders: ['occurrences'], minReliability: 0, afterSentences: 2, clock: () => 0 }).after;
    expect(after).toMatchObject({ documents: 1, sentences: 1, gold: 2, actions: 3 });
  });
  it('retrains the tagger every N documents, says when, and starts warm from another corpus', () => {
    const people = ['דוד', 'משה', 'שרה', 'רחל', 'יוסי', 'דנה', 'נועה', 'עמית', 'גלעד', 'מירב'];
    const set = docs(people.map((p, k) => [['אמר'], ['השר'], [p, 'PER'], ['אתמול'], ['כי'], [`ב${people[(k + 3) % 10] as string}`], ['טוב']]));
    let time = 0;
    const clock = (): number => (time += 5);
    const cold = simulate(set, { recommenders: ['tagger'], retrain: 3, minF1: 0, clock });
    expect(cold.scenario).toBe('cold');
    expect(cold.trainings.map((t) => [t.documents, t.trainedOn])).toEqual([[3, 3], [6, 6], [9, 9]]);
    // before the first training no suggestion at all: the first 3 documents are by hand
    expect(cold.documents.slice(0, 3).map((d) => [d.suggested, d.actions, d.taggerSilent])).toEqual([[0, 2, true], [0, 2, true], [0, 2, true]]);
    expect(cold.trainMs).toBe(cold.trainings.reduce((n, t) => n + t.ms, 0));
    const warmDocs = set.map((d) => ({ text: d.text, mentions: d.mentions }));
    const warm = simulate(set, { recommenders: ['tagger'], retrain: 5, minF1: 0, warm: { documents: warmDocs }, clock });
    expect(warm.scenario).toBe('warm');
    expect(warm.trainings.map((t) => [t.documents, t.trainedOn])).toEqual([[0, 10], [5, 15]]);
    // trained on these very sentences: it finds every name from the first document on
    expect(warm.total.actionsPerMention).toBe(1);
    // a warm model file is used as it is until the project's own model does better
    const model = trainWithHeldOut(warmDocs, { seed: 1 });
    const fromFile = simulate(set.slice(0, 2), { recommenders: ['tagger'], minF1: 0, warm: { model }, clock });
    expect(fromFile.trainings).toEqual([]);
    expect(fromFile.documents.map((d) => d.accepted)).toEqual([1, 1]);
  });
});
