import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FAST_SCREENS, estimateHeight, fillOffsets, indexAt, planWindow, plainRanges, scrollIsFast } from './windowPlan';

/** Prefix heights of n paragraphs of `h` pixels each. */
function offsets(n: number, h = 50): Float64Array {
  const o = new Float64Array(n + 1);
  fillOffsets(o, () => h);
  return o;
}

const plan = (o: Float64Array, over: Partial<Parameters<typeof planWindow>[0]> = {}) =>
  planWindow({ offsets: o, top: 0, bottom: 500, screen: 500, first: 0, end: 0, selection: [], pinned: null, force: false, ...over });

describe('windowing: heights', () => {
  it('estimates an empty paragraph as one empty slot and a long one by lines', () => {
    const m = { emptyHeight: 57, lineHeight: 50, charsPerLine: 60 };
    expect(estimateHeight(0, m)).toBe(57);
    expect(estimateHeight(1, m)).toBe(57);
    expect(estimateHeight(60, m)).toBe(57);
    expect(estimateHeight(61, m)).toBe(107);
    expect(estimateHeight(600, m)).toBe(57 + 9 * 50);
  });

  it('sums heights into slot tops and finds the paragraph of a y, clamped', () => {
    const o = new Float64Array(4);
    fillOffsets(o, (i) => [10, 20, 30][i]!);
    expect([...o]).toEqual([0, 10, 30, 60]);
    expect(indexAt(o, -5)).toBe(0);
    expect(indexAt(o, 0)).toBe(0);
    expect(indexAt(o, 9.9)).toBe(0);
    expect(indexAt(o, 10)).toBe(1);
    expect(indexAt(o, 59)).toBe(2);
    expect(indexAt(o, 1e9)).toBe(2);
  });

  it('indexAt agrees with a linear scan (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: -100, max: 20_000 }), (hs, y) => {
        const o = new Float64Array(hs.length + 1);
        fillOffsets(o, (i) => hs[i]!);
        let expected = 0;
        for (let i = 0; i < hs.length; i++) if (o[i]! <= y) expected = i;
        expect(indexAt(o, y)).toBe(expected);
      }),
    );
  });
});

describe('windowing: where the window goes', () => {
  it('mounts the viewport plus a screen each way', () => {
    const o = offsets(1000);
    // Viewport at paragraphs 100..110 (50 px each), a screen of 500 px = 10 paragraphs margin.
    const p = plan(o, { top: 5000, bottom: 5500 });
    expect(p.window).toEqual({ first: 90, end: 121 });
  });

  it('stays put while the mounted window covers the viewport, and moves when forced', () => {
    const o = offsets(1000);
    const view = { top: 5000, bottom: 5500 };
    expect(plan(o, { ...view, first: 80, end: 130 }).window).toBeNull();
    expect(plan(o, { ...view, first: 80, end: 130, force: true }).window).toEqual({ first: 90, end: 121 });
    // Scrolled half a screen down: still covered (a quarter screen of slack is enough).
    expect(plan(o, { top: 5250, bottom: 5750, first: 80, end: 130 }).window).toBeNull();
    // Scrolled past the end of the mounted window: it moves.
    expect(plan(o, { top: 6500, bottom: 7000, first: 80, end: 130 }).window).toEqual({ first: 120, end: 151 });
  });

  it('shrinks a window far bigger than needed', () => {
    const o = offsets(1000);
    expect(plan(o, { top: 5000, bottom: 5500, first: 0, end: 900 }).window).toEqual({ first: 90, end: 121 });
  });

  it('always keeps the selection\'s paragraphs, even far from the viewport', () => {
    const o = offsets(1000);
    const p = plan(o, { top: 5000, bottom: 5500, selection: [3, 400] });
    expect(p.window).toEqual({ first: 3, end: 401 });
  });

  it('keeps a pinned paragraph near the viewport and lets it go once it is out of view', () => {
    const o = offsets(1000);
    const near = plan(o, { top: 5000, bottom: 5500, pinned: 104 });
    expect(near.pinned).toBe(104);
    const far = plan(o, { top: 5000, bottom: 5500, pinned: 700 });
    expect(far.pinned).toBeNull();
    expect(far.window).toEqual({ first: 90, end: 121 });
  });

  it('mounts at least twelve paragraphs, also at the end of the document', () => {
    const o = offsets(100, 2000);
    const p = plan(o, { top: 99 * 2000, bottom: 99 * 2000 + 500, screen: 500 });
    expect(p.window).toEqual({ first: 88, end: 100 });
  });

  it('always covers the viewport (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 20, max: 400 }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 200, max: 1200 }),
        (hs, at, screen) => {
          const o = new Float64Array(hs.length + 1);
          fillOffsets(o, (i) => hs[i]!);
          const top = at * o[hs.length]!;
          const p = plan(o, { top, bottom: top + screen, screen });
          const w = p.window!;
          expect(w.first).toBeGreaterThanOrEqual(0);
          expect(w.end).toBeLessThanOrEqual(hs.length);
          expect(w.first).toBeLessThanOrEqual(indexAt(o, top));
          expect(w.end).toBeGreaterThan(indexAt(o, top + screen));
          expect(w.end - w.first).toBeGreaterThanOrEqual(Math.min(12, hs.length));
        },
      ),
    );
  });
});

describe('windowing: a fast scroll shows plain paragraphs, not mounted ones', () => {
  it('is fast when a frame moves the viewport more than FAST_SCREENS of its height, never during a drag selection', () => {
    const screen = 800;
    // reading speed (40 px a frame), a wheel notch, half a screen: the window follows
    for (const moved of [0, 40, 100, screen * FAST_SCREENS]) expect(scrollIsFast({ moved, screen, dragSelecting: false })).toBe(false);
    // a scroll-bar drag through 1 MB in 300 frames moves 1,000-2,000 px a frame
    for (const moved of [screen * FAST_SCREENS + 1, 1650, 1e6]) expect(scrollIsFast({ moved, screen, dragSelecting: false })).toBe(true);
    // a drag selection keeps its anchor mounted and the window follows its focus
    expect(scrollIsFast({ moved: 1650, screen, dragSelecting: true })).toBe(false);
  });

  it('shows the viewport\'s paragraphs (a quarter screen each way) that are not mounted, split by the window', () => {
    const o = offsets(1000);
    const at = (top: number, first: number, end: number) => plainRanges({ offsets: o, top, bottom: top + 500, screen: 500, first, end });
    // far below the window: paragraphs 97..112 (5000 - 125 px .. 5500 + 125 px), all in the bottom spacer
    expect(at(5000, 0, 15)).toEqual({ above: null, below: [97, 113] });
    // far above it
    expect(at(5000, 600, 630)).toEqual({ above: [97, 113], below: null });
    // overlapping its end: only what is past it
    expect(at(5000, 80, 105)).toEqual({ above: null, below: [105, 113] });
    // overlapping its start
    expect(at(5000, 105, 140)).toEqual({ above: [97, 105], below: null });
    // inside it: nothing
    expect(at(5000, 90, 121)).toEqual({ above: null, below: null });
    // at the very end: clamped
    expect(at(49_600, 0, 15)).toEqual({ above: null, below: [989, 1000] });
  });

  it('never shows a mounted paragraph, and with the window covers the viewport (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 20, max: 400 }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 200, max: 1200 }),
        fc.nat(),
        fc.nat(),
        (hs, at, screen, x, y) => {
          const o = new Float64Array(hs.length + 1);
          fillOffsets(o, (i) => hs[i]!);
          const n = hs.length;
          const first = x % n;
          const end = Math.min(n, first + 1 + (y % 40));
          const top = at * o[n]!;
          const r = plainRanges({ offsets: o, top, bottom: top + screen, screen, first, end });
          const shown = new Set<number>();
          if (r.above) {
            expect(r.above[1]).toBeLessThanOrEqual(first);
            for (let i = r.above[0]; i < r.above[1]; i++) shown.add(i);
          }
          if (r.below) {
            expect(r.below[0]).toBeGreaterThanOrEqual(end);
            for (let i = r.below[0]; i < r.below[1]; i++) shown.add(i);
          }
          for (let i = indexAt(o, top); i <= indexAt(o, top + screen); i++) expect(shown.has(i) || (i >= first && i < end)).toBe(true);
        },
      ),
    );
  });
});
