import { describe, expect, it } from 'vitest';
import { measurePart, newGroup, type Piece } from './pieces';

/** A paragraph's text node, as paragraphTextNode finds it (`instanceof Text`), in a DOM-less test. */
class FakeText {
  constructor(readonly data: string) {}
  get length(): number {
    return this.data.length;
  }
}
(globalThis as { Text?: unknown }).Text ??= FakeText;
const TextNode = (globalThis as unknown as { Text: new (data: string) => FakeText }).Text;

/** A range over a line of 10 px characters, counting the rect reads (each is a layout query). */
function fakeRange() {
  const r = {
    reads: 0,
    s: 0,
    e: 0,
    setStart(_n: unknown, s: number) {
      r.s = s;
    },
    setEnd(_n: unknown, e: number) {
      r.e = e;
    },
    getClientRects() {
      r.reads++;
      return [{ left: r.s * 10, top: 0, width: (r.e - r.s) * 10, height: 20 }];
    },
  };
  return r;
}

function piece(i: number): Piece {
  return { id: `m${i}`, type: 'PER', start16: i * 5, end16: i * 5 + 3, cpLength: 3, first: true, last: true, dir: 'rtl', lane: 0 };
}

describe('measurePart (the text rects of a paragraph part)', () => {
  it('measures only the new piece after a label, and every piece again when told (resize, fonts)', () => {
    const text = new TextNode('א'.repeat(200));
    const el = { querySelector: () => ({ firstChild: text }) } as unknown as HTMLElement;
    const box = { left: 0, top: 0 } as DOMRect;
    const range = fakeRange();
    const g = newGroup(0);
    for (let i = 0; i < 10; i++) g.pieces.push(piece(i));
    measurePart(g, el, box, box, range as unknown as Range);
    expect(g.measured.size).toBe(10);
    const before = new Map(g.measured);
    const readsForTen = range.reads;
    // a label: one piece added to the paragraph's part, which is marked to be measured
    g.pieces.push(piece(10));
    g.needsMeasure = true;
    range.reads = 0;
    measurePart(g, el, box, box, range as unknown as Range);
    expect(g.measured.size).toBe(11);
    // that piece's rects only (its boxes, its chip's anchor, its end): not the ten others' again
    expect(range.reads).toBe(readsForTen / 10);
    for (const [id, m] of before) expect(g.measured.get(id)).toBe(m);
    expect(g.measured.get('m10')?.boxes).toEqual([{ x: 500, y: 0, w: 30, h: 20 }]);
    // the paragraph resized: everything again
    g.measureAll = true;
    range.reads = 0;
    measurePart(g, el, box, box, range as unknown as Range);
    expect(range.reads).toBe((readsForTen / 10) * 11);
    expect(g.measured.get('m0')).not.toBe(before.get('m0'));
    expect(g.measureAll).toBe(false);
  });
});
