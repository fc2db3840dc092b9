import { describe, expect, it, vi } from 'vitest';
import type * as Find from '../find';

// count the folding of single code points (the table of units folding changes is worked out with it)
vi.mock('../find', async (importOriginal) => {
  const m = await importOriginal<typeof Find>();
  return { ...m, foldCodePoint: vi.fn(m.foldCodePoint) };
});

import { foldCodePoint } from '../find';
import { OffsetMap } from '../text';
import { tokenize } from '../tokenize';
import { foldString } from './clitics';
import { FoldedText, Vocabulary } from './foldedText';

describe('the units folding changes (FoldedText, Vocabulary.idOf)', () => {
  it('are worked out only for the blocks of 256 units a text meets, not for all 65,536 at its first fold', () => {
    const calls = vi.mocked(foldCodePoint);
    calls.mockClear();
    // the marks (find.ts's isMark, under foldCodePoint) are tested with a regular expression
    const tests = vi.spyOn(RegExp.prototype, 'test');
    const folded = new FoldedText('וּבְקַזַחְסְטָן, والحكومة في 2024', 'h', new Vocabulary());
    const tested = tests.mock.calls.length;
    tests.mockRestore();
    expect(folded.count).toBeGreaterThan(4);
    // Basic Latin, Hebrew, Arabic (and each folded word's own units): a few blocks, not the whole tables
    expect(calls.mock.calls.length).toBeLessThan(2_000);
    expect(tested).toBeLessThan(2_000);
  });

  it('fold every word as folding each code point does, whichever blocks it meets', () => {
    const units: string[] = [];
    for (let c = 0x21; c < 0x10000; c += 5) if (c < 0xd800 || c > 0xdfff) units.push(String.fromCharCode(c));
    // words of a few units from all over the BMP, some twice (a known word's id found by its hash)
    const words: string[] = [];
    for (let i = 0; i + 3 <= units.length; i += 3) words.push(`${units[i]}${units[i + 1]}${units[i + 2]}`);
    const text = [...words, ...words.slice(0, 500)].join(' ');
    const folded = new FoldedText(text, 'h', new Vocabulary());
    const map = new OffsetMap(text);
    const tokens = tokenize(text);
    expect(folded.count).toBe(tokens.length);
    tokens.forEach((t, k) => expect(folded.words[folded.ids[k] as number]!.folded).toBe(foldString(map.slice(t.start, t.end))));
  });
});
