/**
 * What of a screen is still in English: every visible string of the interface (text nodes, every
 * option of a visible <select>, SVG text, and the title, placeholder and aria-label of visible
 * elements) that holds a Latin-script word once the names it may show are taken out.
 *
 * Taken out, precisely:
 * - the document's own text (`.doc-text`), key names (`<kbd>`), and what the service wrote
 *   (`.service-msg`: an error's text, an import's losses; documented as not translated);
 * - the project's names, passed in: the schema's type, role, attribute and value names and its
 *   descriptions (the project's own guidelines), annotator names, document names, file paths;
 * - font names, the language picker (each language in its own name);
 * - product, format and key names (`ALLOWED`) and file-name-like technical tokens (`TECHNICAL`).
 * Anything else in Latin letters is reported, so an English label left anywhere fails.
 */
import type { Page } from '@playwright/test';
import type { QalamApp } from './harness';

/** Words that stay in Latin letters in every language: the product, formats, keys, scripts of codes. */
export const ALLOWED = new Set([
  'Qalam',
  'JSON',
  'JSONL',
  'CoNLL',
  'brat',
  'doccano',
  'Label',
  'Studio',
  'spaCy',
  'Prodigy',
  'Hugging',
  'Face',
  'OneIE',
  'Markdown',
  'HTML',
  'SemEval',
  'UTF',
  'ISO',
  'Windows',
  'Unicode',
  'BIO',
  'BIOES',
  'RTL',
  'LTR',
  'Ctrl',
  'Shift',
  'Alt',
  'Tab',
  'Enter',
  'Delete',
  'Del',
  'Esc',
  'Escape',
  'Backspace',
  'Aa',
  'gold',
  'train',
  'dev',
  'test',
]);

/** File names, field names and the like that a hint quotes as they are written. */
const TECHNICAL = /(?:[\w.-]*\.(?:conf|json|jsonl|txt|ann|md|qalam|conll)\b|\.(?:txt|ann)\b|ner_manual|spans_manual|rel_manual|db-out|\bREADME\b|\bIOB1\b)/g;

/**
 * Never translated: the document's text, key names, what the service wrote, file names, font names and the
 * language picker (each language by its own name).
 */
const SKIP = ['.doc-text', 'kbd', '.service-msg', '.file-name', '.font-name', '.lang-picker'].join(', ');

/** The names a screen of this project may show as they are. */
export function projectNames(app: QalamApp): string[] {
  const session = app.call('session.get', {});
  const s = session.schema;
  const names = new Set<string>();
  const add = (x: string | null | undefined) => {
    if (x && x.trim()) names.add(x.trim());
  };
  for (const t of s.entityTypes) {
    add(t.name);
    add(t.description);
  }
  for (const t of s.eventTypes ?? []) {
    add(t.name);
    // A trigger's chip shows the subtype (Attack of Conflict:Attack).
    add(t.name.slice(t.name.lastIndexOf(':') + 1));
    add(t.description);
    for (const r of t.roles) add(r.name);
  }
  for (const r of s.relationTypes ?? []) {
    add(r.name);
    add(r.description);
    add(r.arg1.role);
    add(r.arg2.role);
  }
  for (const a of s.attributes ?? []) {
    add(a.name);
    add(a.description);
    for (const v of a.values) add(v);
  }
  for (const a of session.annotators) add(a);
  add(session.annotator);
  add(session.projectName);
  add(session.projectPath);
  for (const d of app.call('documents.list', {})) add(d.name);
  return [...names];
}

/** Strings in `scope` with a Latin word that is neither a name passed in nor allowed. */
export async function untranslated(page: Page, scope: string, names: readonly string[], extra: readonly string[] = []): Promise<string[]> {
  const found = await page.evaluate(
    ({ scope, skip }) => {
      const out: string[] = [];
      const roots = [...document.querySelectorAll(scope)];
      if (roots.length === 0) return [`(nothing matches ${scope})`];
      const visible = (el: Element) => (el as HTMLElement).checkVisibility?.({ visibilityProperty: true, opacityProperty: true }) ?? true;
      for (const root of roots) {
        if (!visible(root)) continue;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          const text = n.textContent?.trim() ?? '';
          if (!el || !text || el.closest(skip)) continue;
          const select = el.closest('select');
          if (select) {
            if (visible(select)) out.push(text);
            continue;
          }
          if (el.closest('svg') && el.closest('title')) {
            if (visible(el.closest('svg')!)) out.push(`svg title: ${text}`);
            continue;
          }
          if (visible(el)) out.push(text);
        }
        for (const el of [root, ...root.querySelectorAll('[title], [placeholder], [aria-label]')]) {
          if (el.closest(skip) || !visible(el)) continue;
          for (const a of ['title', 'placeholder', 'aria-label']) {
            const v = el.getAttribute(a);
            if (v) out.push(`${a}: ${v}`);
          }
        }
      }
      return out;
    },
    { scope, skip: SKIP },
  );
  const known = [...names, ...extra].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
  return [...new Set(found)].filter((s) => {
    let rest = s.replace(/^(title|placeholder|aria-label|svg title): /, '');
    for (const name of known) rest = rest.split(name).join(' ');
    rest = rest.replace(TECHNICAL, ' ');
    const words = rest.match(/(?<![\p{L}\p{N}_])[A-Za-z]{2,}(?![\p{L}\p{N}_])/gu) ?? [];
    return words.some((w) => !ALLOWED.has(w));
  });
}
