import { describe, it, expect } from 'vitest';
import { eventAgreement, eventAgreementCorpus, sumEventAgreements, type AgreementEvent, type CountScores, type EventAgreement } from './events';
import { CoreError } from '../errors';

const ev = (type: string, start: number, end: number, args: Array<[string, number, number]> = []): AgreementEvent => ({
  type,
  trigger: { start, end },
  arguments: args.map(([role, s, e]) => ({ role, start: s, end: e })),
});

function fig(s: CountScores): Array<number | null> {
  return [s.matched, s.reference, s.candidate, s.precision, s.recall, s.f1];
}
function close(got: Array<number | null>, want: Array<number | null>): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i] as number | null;
    if (w === null) expect(g).toBeNull();
    else expect(Math.abs((g as number) - w)).toBeLessThan(1e-12);
  });
}

/*
 * Case E1, by hand.
 *   A: e1 Attack    [10,15)  Attacker [0,5),  Target [20,25)
 *      e2 Transport [30,35)  Artifact [40,45), Destination [50,55)
 *   B: f1 Attack    [10,15)  Attacker [0,5),  Victim [20,25)
 *      f2 Movement  [30,35)  Artifact [40,45)
 *      f3 Attack    [60,62)  Target [20,25)
 * Triggers: A 2, B 3. Identification: [10,15) and [30,35) → 2: P 2/3, R 1, F1 4/5.
 *   Classification: only (10,15,Attack) → 1: P 1/3, R 1/2, F1 2/5.
 * Argument tuples (filler, event type, role): A 4, B 4:
 *   A (0,5,Attack,Attacker) (20,25,Attack,Target) (40,45,Transport,Artifact) (50,55,Transport,Destination)
 *   B (0,5,Attack,Attacker) (20,25,Attack,Victim) (40,45,Movement,Artifact) (20,25,Attack,Target)
 *   Identification by (filler, event type): (0,5,Attack) min(1,1) = 1; (20,25,Attack) min(2 B roles,
 *   1 A role) = 1; (40,45,Movement) 0 → 2: P = R = F1 = 1/2. (OneIE would count 3 here, one per B role.)
 *   Classification: Attacker and Target tuples → 2: 1/2.
 * With argumentMatch 'trigger' the key also holds the trigger span: (20,25,Attack,[60,62)) no longer
 * matches, (20,25,Attack,[10,15)) has Victim against Target → identification 2, classification 1:
 * 1/2 and 1/4.
 */
const A = [ev('Attack', 10, 15, [['Attacker', 0, 5], ['Target', 20, 25]]), ev('Transport', 30, 35, [['Artifact', 40, 45], ['Destination', 50, 55]])];
const B = [ev('Attack', 10, 15, [['Attacker', 0, 5], ['Victim', 20, 25]]), ev('Movement', 30, 35, [['Artifact', 40, 45]]), ev('Attack', 60, 62, [['Target', 20, 25]])];

describe('event agreement, case E1 (by hand)', () => {
  it('triggers and arguments (ACE / Li et al. 2013: event type + filler span)', () => {
    const r = eventAgreement(A, B);
    close(fig(r.triggerIdentification), [2, 2, 3, 2 / 3, 1, 4 / 5]);
    close(fig(r.triggerClassification), [1, 2, 3, 1 / 3, 1 / 2, 2 / 5]);
    close(fig(r.argumentIdentification), [2, 4, 4, 1 / 2, 1 / 2, 1 / 2]);
    close(fig(r.argumentClassification), [2, 4, 4, 1 / 2, 1 / 2, 1 / 2]);
  });
  it("argumentMatch 'trigger': the argument's trigger span must match too", () => {
    const r = eventAgreement(A, B, { argumentMatch: 'trigger' });
    close(fig(r.argumentIdentification), [2, 4, 4, 1 / 2, 1 / 2, 1 / 2]);
    close(fig(r.argumentClassification), [1, 4, 4, 1 / 4, 1 / 4, 1 / 4]);
    expect(r.triggerIdentification).toEqual(eventAgreement(A, B).triggerIdentification);
  });
  it('swapping the sets swaps precision and recall', () => {
    const x = eventAgreement(A, B);
    const y = eventAgreement(B, A);
    for (const k of Object.keys(x) as Array<keyof EventAgreement>) {
      expect(y[k].precision).toBe(x[k].recall);
      expect(y[k].recall).toBe(x[k].precision);
      expect(y[k].f1).toBe(x[k].f1);
      expect(y[k].matched).toBe(x[k].matched);
    }
  });
});

describe('duplicates and degenerate input', () => {
  it('a duplicated event: two triggers, but its argument tuples count once (OneIE sets)', () => {
    const e = ev('Attack', 10, 15, [['Attacker', 0, 5]]);
    const r = eventAgreement([e], [e, { ...e }]);
    close(fig(r.triggerIdentification), [1, 1, 2, 1 / 2, 1, 2 / 3]);
    close(fig(r.argumentClassification), [1, 1, 1, 1, 1, 1]);
  });
  it('identical sets: every F1 is 1; an event without arguments', () => {
    const r = eventAgreement(A, A);
    for (const k of Object.keys(r) as Array<keyof EventAgreement>) close([r[k].f1], [1]);
    const s = eventAgreement([ev('Die', 1, 3)], [ev('Die', 1, 3)]);
    close(fig(s.triggerClassification), [1, 1, 1, 1, 1, 1]);
    close(fig(s.argumentIdentification), [0, 0, 0, null, null, null]);
  });
  it('empty sets', () => {
    const r = eventAgreement([], []);
    close(fig(r.triggerIdentification), [0, 0, 0, null, null, null]);
    const s = eventAgreement(A, []);
    close(fig(s.triggerClassification), [0, 2, 0, null, 0, 0]);
    close(fig(s.argumentClassification), [0, 4, 0, null, 0, 0]);
  });
  it('refuses invalid events', () => {
    expect(() => eventAgreement([ev('', 0, 1)], [])).toThrow(CoreError);
    expect(() => eventAgreement([], [ev('Die', 3, 1)])).toThrow(/set B, event 0, trigger/);
    expect(() => eventAgreement([ev('Die', 0, 1, [['', 2, 3]])], [])).toThrow(/role/);
    expect(() => eventAgreement([ev('Die', 0, 1, [['Victim', 2, 2]])], [])).toThrow(/argument 0/);
  });
});

describe('corpus', () => {
  it('sums the counts of the documents', () => {
    const r = eventAgreementCorpus([
      { docId: 'd1', a: A, b: B },
      { docId: 'd2', a: [ev('Die', 1, 3, [['Victim', 5, 9]])], b: [ev('Die', 1, 3, [['Victim', 5, 9]])] },
    ]);
    expect(r.documents.map((d) => d.docId)).toEqual(['d1', 'd2']);
    close(fig(r.corpus.triggerClassification), [2, 3, 4, 2 / 4, 2 / 3, 4 / 7]);
    close(fig(r.corpus.argumentClassification), [3, 5, 5, 3 / 5, 3 / 5, 3 / 5]);
    expect(sumEventAgreements([]).triggerIdentification.f1).toBeNull();
  });
});
