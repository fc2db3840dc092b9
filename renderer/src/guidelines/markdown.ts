/**
 * A small Markdown subset for the project's guidelines, parsed into a tree the view renders as
 * React elements — never as HTML, so nothing in the document can become markup or script (raw
 * HTML shows as the text it is).
 *
 * Blocks: ATX headings (`#`…`######`), paragraphs (lines joined), `-`/`*`/`+` and `1.` lists
 * (nested by indentation), `>` quotes, fenced code (``` or ~~~), thematic breaks (`---`), and pipe
 * tables (a header row, a `---|---` row, body rows). Inlines: `code`, **strong** / __strong__,
 * *emphasis* / _emphasis_, [links](url) and <url> (kept as text with their address), `\` escapes.
 * Pure: no DOM, no React.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; content: Inline[] }
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'code'; text: string }
  | { kind: 'rule' }
  | { kind: 'table'; header: Inline[][]; rows: Inline[][][] };

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const BULLET = /^( *)([-*+])[ \t]+(.*)$/;
const ORDERED = /^( *)(\d{1,9})[.)][ \t]+(.*)$/;
const QUOTE = /^ {0,3}>[ \t]?(.*)$/;
const TABLE_RULE = /^ *\|? *:?-{1,}:? *(\| *:?-{1,}:? *)*\|? *$/;

function blank(line: string): boolean {
  return line.trim() === '';
}

function cells(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && s[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (c === '|') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** Does this line start a block other than a paragraph (so it ends a paragraph)? */
function startsBlock(line: string, next: string | undefined): boolean {
  return HEADING.test(line) || FENCE.test(line) || RULE.test(line) || BULLET.test(line) || ORDERED.test(line) || QUOTE.test(line) || (line.includes('|') && next !== undefined && TABLE_RULE.test(next) && next.includes('-'));
}

export function parseMarkdown(source: string): Block[] {
  return parseBlocks(source.replace(/\r\n?/g, '\n').split('\n'));
}

function parseBlocks(lines: string[]): Block[] {
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const mark = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(mark)) body.push(lines[i++]!);
      i++; // the closing fence (or the end)
      out.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      out.push({ kind: 'heading', level: heading[1]!.length as 1 | 2 | 3 | 4 | 5 | 6, content: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && !blank(lines[i]!)) {
        const q = QUOTE.exec(lines[i]!);
        inner.push(q ? q[1]! : lines[i]!);
        i++;
      }
      out.push({ kind: 'quote', blocks: parseBlocks(inner) });
      continue;
    }
    const item = BULLET.exec(line) ?? ORDERED.exec(line);
    if (item) {
      const ordered = !BULLET.test(line);
      const indent = item[1]!.length;
      const items: Block[][] = [];
      const start = ordered ? Number(item[2]) : 1;
      while (i < lines.length) {
        const m = (ordered ? ORDERED : BULLET).exec(lines[i]!);
        if (!m || m[1]!.length !== indent) break;
        const body = [m[3]!];
        i++;
        // Continuation lines and nested lists: indented past the marker, or a lazy paragraph line.
        while (i < lines.length && !blank(lines[i]!)) {
          const l = lines[i]!;
          const lead = l.length - l.trimStart().length;
          const sibling = (BULLET.exec(l) ?? ORDERED.exec(l))?.[1]?.length === indent;
          if (sibling || (lead <= indent && startsBlock(l, lines[i + 1]))) break;
          body.push(lead > indent ? l.slice(Math.min(lead, indent + 2)) : l);
          i++;
        }
        // A blank line followed by more of the item (indented) continues it.
        while (i + 1 < lines.length && blank(lines[i]!) && lines[i + 1]!.length - lines[i + 1]!.trimStart().length > indent && !blank(lines[i + 1]!)) {
          body.push('');
          i++;
          while (i < lines.length && !blank(lines[i]!) && lines[i]!.length - lines[i]!.trimStart().length > indent) body.push(lines[i++]!.slice(indent + 2));
        }
        items.push(parseBlocks(body));
        if (i < lines.length && blank(lines[i]!)) {
          const after = lines.slice(i).find((l) => !blank(l));
          const m2 = after === undefined ? null : (ordered ? ORDERED : BULLET).exec(after);
          if (!m2 || m2[1]!.length !== indent) break;
          while (blank(lines[i]!)) i++;
        }
      }
      out.push({ kind: 'list', ordered, start, items });
      continue;
    }
    const next = lines[i + 1];
    if (line.includes('|') && next !== undefined && TABLE_RULE.test(next) && next.includes('-')) {
      const header = cells(line).map(parseInline);
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && !blank(lines[i]!) && lines[i]!.includes('|')) {
        const row = cells(lines[i]!).map(parseInline);
        while (row.length < header.length) row.push([]);
        rows.push(row.slice(0, header.length));
        i++;
      }
      out.push({ kind: 'table', header, rows });
      continue;
    }
    const para: string[] = [line.trim()];
    i++;
    while (i < lines.length && !blank(lines[i]!) && !startsBlock(lines[i]!, lines[i + 1])) para.push(lines[i++]!.trim());
    out.push({ kind: 'paragraph', content: parseInline(para.join('\n')) });
  }
  return out;
}

const ESCAPABLE = '\\`*_{}[]()#+-.!|<>~';

/** Inline markup of one block's text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let buf = '';
  const flush = () => {
    if (buf) out.push({ kind: 'text', text: buf });
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length && ESCAPABLE.includes(text[i + 1]!)) {
      buf += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(text.slice(i))![0];
      const end = text.indexOf(run, i + run.length);
      if (end > 0) {
        flush();
        out.push({ kind: 'code', text: text.slice(i + run.length, end).trim() || text.slice(i + run.length, end) });
        i = end + run.length;
        continue;
      }
      buf += run;
      i += run.length;
      continue;
    }
    if ((c === '*' || c === '_') && text[i + 1] === c && (c === '*' || !WORD.test(text[i - 1] ?? ''))) {
      const end = c === '*' ? findClose(text, i + 2, '**') : findUnderscoreClose(text, i + 2, '__');
      if (end > i + 2) {
        flush();
        out.push({ kind: 'strong', children: parseInline(text.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if ((c === '*' || c === '_') && text[i + 1] !== c && text[i + 1] !== ' ' && text[i + 1] !== undefined) {
      // `_` only at a word's edge (snake_case stays as it is).
      if (c === '*' || !WORD.test(text[i - 1] ?? '')) {
        const end = c === '*' ? findClose(text, i + 1, '*') : findUnderscoreClose(text, i + 1, '_');
        if (end > i + 1 && text[end - 1] !== ' ') {
          flush();
          out.push({ kind: 'em', children: parseInline(text.slice(i + 1, end)) });
          i = end + 1;
          continue;
        }
      }
    }
    if (c === '[') {
      const close = findClose(text, i + 1, ']');
      if (close > i && text[close + 1] === '(') {
        const end = text.indexOf(')', close + 2);
        if (end > close) {
          const href = text.slice(close + 2, end).trim().split(/\s+/)[0] ?? '';
          flush();
          out.push({ kind: 'link', href, children: parseInline(text.slice(i + 1, close)) });
          i = end + 1;
          continue;
        }
      }
    }
    if (c === '<') {
      const m = /^<((?:https?|mailto):[^\s<>]+)>/.exec(text.slice(i));
      if (m) {
        flush();
        out.push({ kind: 'link', href: m[1]!, children: [{ kind: 'text', text: m[1]! }] });
        i += m[0].length;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

const WORD = /[\p{L}\p{N}]/u;

/** An underscore run closes only where no letter or digit follows it (snake_case never does). */
function findUnderscoreClose(text: string, from: number, mark: string): number {
  for (let at = findClose(text, from, mark); at >= 0; at = findClose(text, at + 1, mark)) {
    if (!WORD.test(text[at + mark.length] ?? '') && text[at + mark.length] !== '_') return at;
  }
  return -1;
}

/** The index of `mark` closing a span opened before `from` (skipping escapes and code), or -1. */
function findClose(text: string, from: number, mark: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '`' && mark !== '`') {
      const end = text.indexOf('`', i + 1);
      if (end > 0) i = end;
      continue;
    }
    if (text.startsWith(mark, i)) return i;
  }
  return -1;
}

/** The plain text of inlines (a heading's text, a link's label). */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines.map((x) => (x.kind === 'text' || x.kind === 'code' ? x.text : inlineText(x.children))).join('');
}
