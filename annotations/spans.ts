/** Validation of spans against a text. */
import type { Span } from './model';
import { CoreError } from './errors';
import { assertSpanInRange, graphemeIndex, type GraphemeIndex } from './graphemes';

/**
 * Checks that `span` is a valid mention span of `text`: integers, 0 ≤ start < end ≤ length
 * (code points), both ends grapheme cluster boundaries. Returns a clean copy {start, end};
 * throws CoreError('invalid-argument') otherwise. Pass a GraphemeIndex of the text (from
 * `graphemeIndex(text)`) to check many spans of one big text; it is cached anyway.
 */
export function checkSpan(text: string, span: Span, index?: GraphemeIndex): Span {
  const g = index && index.text === text ? index : graphemeIndex(text);
  assertSpanInRange(span, g.length, false);
  const { start, end } = span;
  for (const [which, at] of [['start', start], ['end', end]] as const) {
    if (!g.isBoundary(at)) {
      throw new CoreError(
        'invalid-argument',
        `span [${start}, ${end}): ${which} ${at} splits a character from its marks (a grapheme cluster); ` +
          `the nearest boundaries are ${g.floor(at)} and ${g.ceil(at)}`,
      );
    }
  }
  return { start, end };
}

/** Do two spans overlap (share at least one code point)? */
export function spansOverlap(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Checks the pieces of a discontinuous mention: each a valid span (as `checkSpan`), at least two,
 * in text order and not overlapping or touching (touching pieces are one span). Returns clean
 * copies; throws CoreError('invalid-argument') otherwise.
 */
export function checkFragments(text: string, fragments: readonly Span[], index?: GraphemeIndex): Span[] {
  if (!Array.isArray(fragments) || fragments.length < 2) {
    throw new CoreError('invalid-argument', 'a discontinuous span needs at least two fragments');
  }
  const out = fragments.map((f) => checkSpan(text, f, index));
  for (let k = 1; k < out.length; k++) {
    const a = out[k - 1] as Span;
    const b = out[k] as Span;
    if (b.start <= a.end) {
      throw new CoreError('invalid-argument', `fragments [${a.start}, ${a.end}) and [${b.start}, ${b.end}) must be in text order with a gap between them`);
    }
  }
  return out;
}

/** The pieces of a mention: its fragments, or its one span. */
export function mentionPieces(m: { start: number; end: number; fragments?: readonly Span[] }): Span[] {
  return m.fragments !== undefined && m.fragments.length > 1 ? m.fragments.map((f) => ({ start: f.start, end: f.end })) : [{ start: m.start, end: m.end }];
}

/** Same pieces (both continuous with the same span, or the same fragments)? */
export function samePieces(a: { start: number; end: number; fragments?: readonly Span[] }, b: { start: number; end: number; fragments?: readonly Span[] }): boolean {
  const pa = mentionPieces(a);
  const pb = mentionPieces(b);
  return pa.length === pb.length && pa.every((p, i) => p.start === (pb[i] as Span).start && p.end === (pb[i] as Span).end);
}
