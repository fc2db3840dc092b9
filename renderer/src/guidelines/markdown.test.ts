import { describe, expect, it } from 'vitest';
import { inlineText, parseInline, parseMarkdown } from './markdown';

describe('the guidelines Markdown subset', () => {
  it('reads headings, paragraphs, emphasis and code, in Hebrew and Arabic', () => {
    const blocks = parseMarkdown('# הנחיות תיוג\n\nתייגו **שמות** בלי *התחילית*:\nכך `קזחסטן` ב־`בקזחסטן`.\n\n## الأحداث ##\nلا تُدخل __حرف الجر__.');
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'heading', 'paragraph']);
    expect(blocks[0]).toEqual({ kind: 'heading', level: 1, content: [{ kind: 'text', text: 'הנחיות תיוג' }] });
    expect(blocks[1]).toEqual({
      kind: 'paragraph',
      content: [
        { kind: 'text', text: 'תייגו ' },
        { kind: 'strong', children: [{ kind: 'text', text: 'שמות' }] },
        { kind: 'text', text: ' בלי ' },
        { kind: 'em', children: [{ kind: 'text', text: 'התחילית' }] },
        { kind: 'text', text: ':\nכך ' },
        { kind: 'code', text: 'קזחסטן' },
        { kind: 'text', text: ' ב־' },
        { kind: 'code', text: 'בקזחסטן' },
        { kind: 'text', text: '.' },
      ],
    });
    expect(blocks[2]).toMatchObject({ kind: 'heading', level: 2, content: [{ kind: 'text', text: 'الأحداث' }] });
    expect(blocks[3]).toMatchObject({ content: [{ text: 'لا تُدخل ' }, { kind: 'strong' }, { text: '.' }] });
  });

  it('reads lists (nested, ordered), quotes, code blocks, rules and tables', () => {
    const md = [
      '- PER: אדם',
      '  - כולל תארים',
      '- ORG: ארגון',
      '',
      '3. ראשון',
      '4. שני',
      '',
      '> ציטוט **חשוב**',
      '> המשך',
      '',
      '```',
      '<b>not bold</b>',
      '```',
      '---',
      '| סוג | דוגמה |',
      '| --- | :---: |',
      '| GPE | `רוסיה` |',
      '| LOC \\| FAC |',
    ].join('\n');
    const blocks = parseMarkdown(md);
    expect(blocks.map((b) => b.kind)).toEqual(['list', 'list', 'quote', 'code', 'rule', 'table']);
    const bullets = blocks[0] as Extract<(typeof blocks)[number], { kind: 'list' }>;
    expect(bullets.ordered).toBe(false);
    expect(bullets.items).toHaveLength(2);
    expect(bullets.items[0]!.map((b) => b.kind)).toEqual(['paragraph', 'list']);
    const ordered = blocks[1] as Extract<(typeof blocks)[number], { kind: 'list' }>;
    expect([ordered.ordered, ordered.start, ordered.items.length]).toEqual([true, 3, 2]);
    expect(blocks[3]).toEqual({ kind: 'code', text: '<b>not bold</b>' });
    const table = blocks[5] as Extract<(typeof blocks)[number], { kind: 'table' }>;
    expect(table.header.map(inlineText)).toEqual(['סוג', 'דוגמה']);
    expect(table.rows.map((r) => r.map(inlineText))).toEqual([
      ['GPE', 'רוסיה'],
      ['LOC | FAC', ''],
    ]);
  });

  it('keeps raw HTML, escapes and snake_case as text; links keep their address', () => {
    expect(parseInline('<script>alert(1)</script> <img src=x onerror=y>')).toEqual([{ kind: 'text', text: '<script>alert(1)</script> <img src=x onerror=y>' }]);
    expect(parseInline('\\*not em\\* ner_manual_x')).toEqual([{ kind: 'text', text: '*not em* ner_manual_x' }]);
    expect(parseInline('ראו [ההנחיות של ACE](https://example.org/ace "t") ו־<https://x.org/a>')).toEqual([
      { kind: 'text', text: 'ראו ' },
      { kind: 'link', href: 'https://example.org/ace', children: [{ kind: 'text', text: 'ההנחיות של ACE' }] },
      { kind: 'text', text: ' ו־' },
      { kind: 'link', href: 'https://x.org/a', children: [{ kind: 'text', text: 'https://x.org/a' }] },
    ]);
    expect(parseInline('a * b * c and 2*3')).toEqual([{ kind: 'text', text: 'a * b * c and 2*3' }]);
  });

  it('an empty document has no blocks; CRLF is read as LF', () => {
    expect(parseMarkdown('')).toEqual([]);
    expect(parseMarkdown('# a\r\n\r\nb\r\nc')).toEqual([
      { kind: 'heading', level: 1, content: [{ kind: 'text', text: 'a' }] },
      { kind: 'paragraph', content: [{ kind: 'text', text: 'b\nc' }] },
    ]);
  });
});

describe('underscores', () => {
  it('open and close only at a word edge, as in CommonMark', () => {
    expect(parseInline('<script>window.__x = 1</script> onerror="window.__y"')).toEqual([{ kind: 'text', text: '<script>window.__x = 1</script> onerror="window.__y"' }]);
    expect(parseInline('__bold__ and _it_')).toEqual([
      { kind: 'strong', children: [{ kind: 'text', text: 'bold' }] },
      { kind: 'text', text: ' and ' },
      { kind: 'em', children: [{ kind: 'text', text: 'it' }] },
    ]);
  });
});
