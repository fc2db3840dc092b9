import { describe, expect, it } from 'vitest';
import { firstCandidate } from './interaction';

describe('firstCandidate (where Tab starts among a role’s candidates)', () => {
  const list = [
    { start: 0, end: 3 }, // an earlier sentence
    { start: 10, end: 15 }, // the trigger's sentence, before it
    { start: 20, end: 24 }, // the trigger's sentence, before it
    { start: 500, end: 505 }, // the end of the document
  ];
  const trigger = { start: 30, end: 34 };
  const sentence = { start: 8, end: 40 };
  it('starts at the first candidate of the trigger’s sentence, in reading order', () => {
    expect(firstCandidate(list, trigger, 1, sentence)).toBe(1);
  });
  it('Shift+Tab starts at the last one before the trigger there', () => {
    expect(firstCandidate(list, trigger, -1, sentence)).toBe(2);
    expect(firstCandidate(list, { start: 9, end: 9 }, -1, sentence)).toBe(2);
  });
  it('without candidates in the sentence, the nearest one', () => {
    expect(firstCandidate(list, trigger, 1, { start: 26, end: 40 })).toBe(2);
    expect(firstCandidate(list, { start: 480, end: 484 }, 1, null)).toBe(3);
    expect(firstCandidate([], trigger, 1, sentence)).toBe(-1);
  });
});
