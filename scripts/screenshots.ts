/**
 * The README's screenshots: the main screen, the event panel, the review screen (and its
 * agreement figures) and the export dialog, in English, Hebrew and Arabic, at 1440×900 and
 * 1024×768, written to docs/screenshots/<screen>-<lang>-<width>x<height>.png.
 *
 * Made from the seeds exactly as the end-to-end tests run the window: the built renderer
 * (`npx electron-vite build` first) in Debian's Chromium, its bridge calling the real service over
 * a fresh project made by the service's own bootstrap (test/e2e/browser.ts). The annotator `dana`
 * tags a few mentions (one of them part of a word, one with a note) and an event with its
 * arguments in each seed; the review compares her set with the seeds' reference set.
 *
 *   npx electron-vite build && npx tsx scripts/screenshots.ts [--only=main,events] [--lang=he]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, REPO, SEEDS, installBridge, serveRenderer } from '../test/e2e/browser';
import { openOrCreateDefaultProject, type QalamService } from '../electron/service';
import { en } from '../renderer/src/i18n/en';
import { he } from '../renderer/src/i18n/he';
import { ar } from '../renderer/src/i18n/ar';

type Lang = 'en' | 'he' | 'ar';
const SCREENS = ['main', 'events', 'review', 'agreement', 'export'] as const;
type Screen = (typeof SCREENS)[number];
const SIZES = [
  [1440, 900],
  [1024, 768],
] as const;
const OUT = join(REPO, 'docs', 'screenshots');
const HEBREW_SEED = '000_02cc41fc914e2978';
const ARABIC_SEED = '004_34706c9f770e00bd';

function option(name: string): string[] | null {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? arg.slice(name.length + 3).split(',') : null;
}

/** Code-point span of `part` inside the first `word` of the text. */
function spanOf(text: string, word: string, part = word): { start: number; end: number } {
  const at = text.indexOf(word);
  if (at < 0) throw new Error(`"${word}" is not in the seed`);
  const start = [...text.slice(0, at + word.indexOf(part))].length;
  return { start, end: start + [...part].length };
}

/** dana's annotations on a seed: mentions (one sub-word, one with a note) and an event with two arguments. */
function annotateSeed(service: QalamService, name: string, mentions: [string, string, string][], trigger: string, eventType: string, roles: [string, number][], note: [number, string]) {
  const doc = service.call('documents.list', {}).find((d) => d.name === name)!;
  const view = service.call('documents.get', { id: doc.id });
  const ids = mentions.map(([word, part, type]) => service.call('mentions.create', { docId: doc.id, type, ...spanOf(view.text, word, part) }).mention.id);
  service.call('notes.set', { target: { kind: 'mention', id: ids[note[0]]! }, note: note[1] });
  const event = service.call('events.create', { docId: doc.id, type: eventType, ...spanOf(view.text, trigger) }).event;
  for (const [role, i] of roles) service.call('events.setArgument', { id: event.id, role, mentionId: ids[i]! });
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  await page.waitForTimeout(250);
}

async function shoot(page: Page, lang: Lang, screen: Screen, width: number, height: number): Promise<void> {
  await settle(page);
  const path = join(OUT, `${screen}-${lang}-${width}x${height}.png`);
  await page.screenshot({ path });
  process.stdout.write(`${path}\n`);
}

async function main(): Promise<void> {
  const only = (option('only') ?? [...SCREENS]) as Screen[];
  const langs = (option('lang') ?? ['en', 'he', 'ar']) as Lang[];
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'qalam-shots-'));
  const service = openOrCreateDefaultProject(join(dir, 'project.qalam'), SEEDS);
  service.call('session.setAnnotator', { name: 'dana' });
  annotateSeed(
    service,
    HEBREW_SEED,
    [
      ['בקזחסטן', 'קזחסטן', 'GPE'],
      ['רוסיה', 'רוסיה', 'GPE'],
      ['כוחות שמירת השלום', 'כוחות שמירת השלום', 'ORG'],
      ['צנחנים', 'צנחנים', 'PER'],
    ],
    'ושלחה',
    'Movement:Transport',
    [
      ['Agent', 1],
      ['Artifact', 3],
      ['Destination', 0],
    ],
    [0, 'המדינה בלי התחילית ב־'],
  );
  annotateSeed(
    service,
    ARABIC_SEED,
    [
      ['كازخستان', 'كازخستان', 'GPE'],
      ['قاسم جومرات توكاييف', 'قاسم جومرات توكاييف', 'PER'],
      ['الحكومة', 'الحكومة', 'ORG'],
      ['لواشنطن', 'واشنطن', 'GPE'],
    ],
    'استقالتها',
    'Personnel:End-Position',
    [
      ['Person', 1],
      ['Entity', 0],
    ],
    [3, 'دون حرف الجر'],
  );
  // Two colleagues who disagree on one mention of each seed, for the review.
  for (const [seed, words] of [
    [HEBREW_SEED, ['רוסיה', 'בקזחסטן']],
    [ARABIC_SEED, ['كازخستان', 'الحكومة']],
  ] as const) {
    const doc = service.call('documents.list', {}).find((d) => d.name === seed)!;
    const text = service.call('documents.get', { id: doc.id }).text;
    for (const [annotator, first] of [
      ['avi', 'GPE'],
      ['bat', 'ORG'],
    ] as const) {
      service.call('session.setAnnotator', { name: annotator });
      service.call('mentions.create', { docId: doc.id, type: first, ...spanOf(text, words[0]) });
      service.call('mentions.create', { docId: doc.id, type: seed === HEBREW_SEED ? 'GPE' : 'ORG', ...spanOf(text, words[1]) });
    }
  }
  service.call('session.setAnnotator', { name: 'dana' });

  const server = await serveRenderer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    for (const lang of langs) {
      for (const [width, height] of SIZES) {
        const context = await browser.newContext({ viewport: { width, height }, locale: lang === 'en' ? 'en-US' : lang === 'he' ? 'he-IL' : 'ar-EG' });
        const page = await context.newPage();
        await installBridge(page, { service: () => service });
        await page.addInitScript((l) => localStorage.setItem('qalam.locale', l), lang);
        await page.goto(server.url);
        await page.locator('.app-header .legend-item').first().waitFor();
        const seed = lang === 'ar' ? ARABIC_SEED : HEBREW_SEED;
        const id = service.call('documents.list', {}).find((d) => d.name === seed)!.id;
        await page.locator(`.doc-item[data-doc-id="${id}"]`).click();
        await page.locator(`.doc-text[data-doc-id="${id}"] [data-para]`).first().waitFor();
        if (only.includes('main')) {
          await page.locator('.mention-row').first().click();
          await shoot(page, lang, 'main', width, height);
          await page.keyboard.press('Escape');
        }
        if (only.includes('events')) {
          await page.locator('.ov-chip.is-trigger').first().click();
          await page.locator('[data-testid="event-panel"] .ev-role, [data-testid="event-panel"] .ev-frame').first().waitFor();
          await page.locator('.side-right').evaluate((el) => el.scrollTo(0, 0));
          await shoot(page, lang, 'events', width, height);
          await page.keyboard.press('Escape');
        }
        if (only.includes('export')) {
          await page.getByRole('button', { name: { en, he, ar }[lang]['header.export'], exact: true }).click();
          const dialog = page.locator('dialog.xfer[aria-labelledby="export-title"]');
          await dialog.waitFor();
          await dialog.locator('select').first().selectOption('conll');
          await shoot(page, lang, 'export', width, height);
          await page.keyboard.press('Escape');
        }
        if (only.includes('review') || only.includes('agreement')) {
          await page.getByTestId('review-toggle').click();
          await page.locator('.review-dis-item').first().waitFor();
          if (only.includes('review')) await shoot(page, lang, 'review', width, height);
          if (only.includes('agreement')) {
            await page.keyboard.press('t');
            await page.getByTestId('chart-confusion').waitFor();
            await shoot(page, lang, 'agreement', width, height);
          }
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
