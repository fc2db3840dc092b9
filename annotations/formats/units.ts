/**
 * Offsets in other tools' units. Qalam stores code points; tools written in JavaScript (doccano's
 * span editor, Label Studio before 1.4) count UTF-16 code units, tools in Python count code
 * points. The two differ after any character outside the BMP (an emoji, 𝔸, a rare CJK
 * character). A span is taken only when, in the unit it is read in, it is in range, does not
 * fall between the halves of a surrogate pair and does not split a grapheme cluster; nothing is
 * snapped or widened silently.
 */
import type { OffsetMap } from '../text';
import type { GraphemeIndex } from '../graphemes';

export type OffsetUnit = 'utf16' | 'codepoints';

export const UNIT_NAMES: Record<OffsetUnit, string> = { utf16: 'UTF-16 code units', codepoints: 'code points' };

function isHigh(u: number): boolean {
  return u >= 0xd800 && u <= 0xdbff;
}
function isLow(u: number): boolean {
  return u >= 0xdc00 && u <= 0xdfff;
}

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The grapheme cluster of `g` around code point `cp` (for messages). */
function clusterAt(map: OffsetMap, g: GraphemeIndex, cp: number): string {
  const a = g.floor(cp);
  const b = g.ceil(cp);
  const s = map.slice(a, b);
  return `${JSON.stringify(s)} (${[...s].map((c) => hex(c.codePointAt(0) as number)).join(' ')})`;
}

/**
 * The code point span of [s, e) given in `unit`, or why it is not one: not integers, empty or
 * reversed, out of range, inside a surrogate pair (UTF-16), or splitting a grapheme cluster.
 */
export function spanFromUnit(map: OffsetMap, g: GraphemeIndex, s: unknown, e: unknown, unit: OffsetUnit): { start: number; end: number } | string {
  const len = unit === 'utf16' ? map.utf16Length : map.length;
  if (!Number.isInteger(s) || !Number.isInteger(e) || (s as number) < 0 || (s as number) >= (e as number) || (e as number) > len) {
    return `offsets ${String(s)}, ${String(e)} are not a span of the text (${len} ${UNIT_NAMES[unit]})`;
  }
  const out: number[] = [];
  for (const x of [s as number, e as number]) {
    let cp = x;
    if (unit === 'utf16') {
      const t = map.text;
      if (x > 0 && x < t.length && isHigh(t.charCodeAt(x - 1)) && isLow(t.charCodeAt(x))) {
        return `offset ${x} in ${UNIT_NAMES[unit]} falls between the two halves of ${hex(t.codePointAt(x - 1) as number)}`;
      }
      cp = map.toCp(x);
    }
    if (!g.isBoundary(cp)) return `offset ${x} in ${UNIT_NAMES[unit]} splits the character ${clusterAt(map, g, cp)}`;
    out.push(cp);
  }
  return { start: out[0] as number, end: out[1] as number };
}

/** [start, end) code points in `unit`. */
export function spanToUnit(map: OffsetMap, start: number, end: number, unit: OffsetUnit): [number, number] {
  return unit === 'utf16' ? [map.toUtf16(start), map.toUtf16(end)] : [start, end];
}

export function otherUnit(unit: OffsetUnit): OffsetUnit {
  return unit === 'utf16' ? 'codepoints' : 'utf16';
}
