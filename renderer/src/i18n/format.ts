/**
 * A small ICU MessageFormat subset, pure (no DOM, no React): `{name}`, `{n, plural, =0 {…} one {…}
 * other {…}}` with `#` (the number, formatted for the locale) and `offset`-free selectors, and
 * `{x, select, a {…} other {…}}`. Plural categories come from Intl.PluralRules, so Arabic gets its
 * six forms (zero one two few many other) and Hebrew one two other. A quote escapes: `''` is a
 * quote, `'{'` a literal brace. Messages are parsed once and cached.
 */

export type MessageValue = string | number;
export type MessageValues = Readonly<Record<string, MessageValue>>;

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'arg'; name: string }
  | { kind: 'pound' }
  | { kind: 'plural'; name: string; options: Map<string, Part[]> }
  | { kind: 'select'; name: string; options: Map<string, Part[]> };

export class MessageSyntaxError extends Error {}

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Part[] {
    const parts = this.message(false, false);
    if (this.i < this.src.length) this.fail('unexpected "}"');
    return parts;
  }

  private fail(why: string): never {
    throw new MessageSyntaxError(`${why} at ${this.i} in "${this.src}"`);
  }

  /** Text and arguments until the end or a closing brace of the enclosing option. */
  private message(nested: boolean, inPlural: boolean): Part[] {
    const parts: Part[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push({ kind: 'text', text });
      text = '';
    };
    const s = this.src;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === "'") {
        if (s[this.i + 1] === "'") {
          text += "'";
          this.i += 2;
        } else if (s[this.i + 1] === '{' || s[this.i + 1] === '}' || (inPlural && s[this.i + 1] === '#')) {
          const end = s.indexOf("'", this.i + 1);
          if (end < 0) this.fail('unclosed quote');
          text += s.slice(this.i + 1, end);
          this.i = end + 1;
        } else {
          text += c;
          this.i++;
        }
      } else if (c === '{') {
        flush();
        parts.push(this.argument());
      } else if (c === '}') {
        if (!nested) this.fail('unexpected "}"');
        break;
      } else if (c === '#' && inPlural) {
        flush();
        parts.push({ kind: 'pound' });
        this.i++;
      } else {
        text += c;
        this.i++;
      }
    }
    flush();
    return parts;
  }

  private space() {
    while (this.i < this.src.length && /\s/.test(this.src[this.i]!)) this.i++;
  }

  private word(): string {
    this.space();
    const m = /^[^\s{},]+/.exec(this.src.slice(this.i));
    if (!m) this.fail('expected a name');
    this.i += m[0].length;
    return m[0];
  }

  private expect(c: string) {
    this.space();
    if (this.src[this.i] !== c) this.fail(`expected "${c}"`);
    this.i++;
  }

  private argument(): Part {
    this.expect('{');
    const name = this.word();
    this.space();
    if (this.src[this.i] === '}') {
      this.i++;
      return { kind: 'arg', name };
    }
    this.expect(',');
    const type = this.word();
    if (type !== 'plural' && type !== 'select') this.fail(`unknown argument type "${type}"`);
    this.expect(',');
    const options = new Map<string, Part[]>();
    for (;;) {
      this.space();
      if (this.src[this.i] === '}') break;
      const key = this.word();
      if (options.has(key)) this.fail(`"${key}" twice`);
      this.expect('{');
      options.set(key, this.message(true, type === 'plural'));
      this.expect('}');
    }
    this.i++;
    if (!options.has('other')) this.fail(`{${name}, ${type}} has no "other"`);
    return { kind: type, name, options };
  }
}

const cache = new Map<string, Part[]>();

export function parseMessage(src: string): Part[] {
  let parts = cache.get(src);
  if (!parts) {
    parts = new Parser(src).parse();
    cache.set(src, parts);
  }
  return parts;
}

/** The argument names a message uses (for checking that every locale uses the same ones). */
export function argumentNames(src: string): Set<string> {
  const names = new Set<string>();
  const walk = (parts: Part[]) => {
    for (const p of parts) {
      if (p.kind === 'arg') names.add(p.name);
      if (p.kind === 'plural' || p.kind === 'select') {
        names.add(p.name);
        for (const o of p.options.values()) walk(o);
      }
    }
  };
  walk(parseMessage(src));
  return names;
}

const pluralRules = new Map<string, Intl.PluralRules>();

function rules(locale: string) {
  let r = pluralRules.get(locale);
  if (!r) pluralRules.set(locale, (r = new Intl.PluralRules(locale)));
  return r;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * A number as Intl.NumberFormat(locale, { numberingSystem: 'latn' }) writes it. The interface's
 * languages (en, he, ar, all with Western digits) write a count alike, in groups of three with a
 * comma (`1,234,567`), so a whole number of zero or more is grouped here, not by Intl: the
 * window's first Intl.NumberFormat costs 100–150 ms in Chromium, before the first paint (issue
 * 15). Anything else (negative: Hebrew and Arabic mark its direction; a fraction; not finite;
 * past 2^53) goes to Intl. i18n.test.ts compares the two.
 */
export function formatNumber(locale: string, n: number): string {
  if (Number.isSafeInteger(n) && n >= 0 && !Object.is(n, -0)) {
    const digits = String(n);
    let out = digits.slice(0, digits.length % 3 || 3);
    for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
    return out;
  }
  let f = numberFormats.get(locale);
  // Western digits in every locale: offsets and counts read the same as in the files.
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale, { numberingSystem: 'latn' })));
  return f.format(n);
}

/** The plural category of n in the locale ("zero", "one", "two", "few", "many", "other"). */
export function pluralCategory(locale: string, n: number): Intl.LDMLPluralRule {
  return rules(locale).select(n);
}

export function formatMessage(locale: string, src: string, values: MessageValues = {}): string {
  const render = (parts: Part[], n: number | null): string => {
    let out = '';
    for (const p of parts) {
      switch (p.kind) {
        case 'text':
          out += p.text;
          break;
        case 'pound':
          out += n === null ? '#' : formatNumber(locale, n);
          break;
        case 'arg': {
          const v = values[p.name];
          if (v === undefined) throw new Error(`missing value {${p.name}} for "${src}"`);
          out += typeof v === 'number' ? formatNumber(locale, v) : v;
          break;
        }
        case 'plural': {
          const v = values[p.name];
          if (typeof v !== 'number') throw new Error(`{${p.name}, plural} needs a number in "${src}"`);
          const option = p.options.get(`=${v}`) ?? p.options.get(pluralCategory(locale, v)) ?? p.options.get('other')!;
          out += render(option, v);
          break;
        }
        case 'select': {
          const v = values[p.name];
          if (v === undefined) throw new Error(`missing value {${p.name}} for "${src}"`);
          out += render(p.options.get(String(v)) ?? p.options.get('other')!, n);
          break;
        }
      }
    }
    return out;
  };
  return render(parseMessage(src), null);
}
