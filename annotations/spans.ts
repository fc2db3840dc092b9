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
