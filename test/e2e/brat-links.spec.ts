/**
 * What brat corpora hold beyond entity-only arguments (issue 11), seen in the editor: an event
 * whose argument is another event draws that arc to the other event's trigger, and a mention's
 * normalisations show in the selected mention's panel. The document is the BioNLP-shaped brat
 * fixture (test/fixtures/brat-bionlp), imported through the service as the import dialog does.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { DocumentView } from '../../electron/contract';
import { REPO, clickOn, expect, locate, test } from './harness';

async function rect(page: Page, view: DocumentView, span: { start: number; end: number }) {
  const a = locate(view, span.start);
  const b = locate(view, span.end);
  return page.evaluate(
    ({ a, b }) => {
      const node = (p: number) => document.querySelector(`.doc-text [data-para="${p}"] [data-lexical-text="true"]`)!.firstChild!;
      const r = document.createRange();
      r.setStart(node(a.paragraph), a.offset16);
      r.setEnd(node(b.paragraph), b.offset16);
      const x = r.getClientRects()[0]!;
      return { left: x.left, right: x.right, top: x.top, bottom: x.bottom };
    },
    { a, b },
  );
}

test('brat: an event argument that is an event is an arc to its trigger; normalisations in the mention panel', async ({ app }) => {
  const report = app.call('import.run', { format: 'brat', paths: [join(REPO, 'test/fixtures/brat-bionlp/PMID-9778388.ann')], annotator: 'dana' });
  expect(report.events).toBe(10);
  await app.load();
  const view = await app.open('PMID-9778388');
  const page = app.page;

  // IL-2 (T1) carries two normalisations (N1 HGNC:6001 "IL2", N2 UniProt:P60568 "Interleukin-2").
  const il2 = app.mentions(view.id).find((m) => m.start === 0 && m.end === 4)!;
  expect(il2.normalizations).toHaveLength(2);
  await clickOn(page, view, 1);
  const panel = page.locator('[data-testid="mention-panel"]');
  await expect(panel).toBeVisible();
  const norms = panel.locator('[data-testid="normalizations"] li');
  await expect(norms).toHaveCount(2);
  await expect(norms.nth(0)).toContainText('HGNC');
  await expect(norms.nth(0)).toContainText('6001');
  await expect(norms.nth(1)).toContainText('UniProt');
  await expect(norms.nth(1)).toContainText('Interleukin-2');
  await page.keyboard.press('Escape');

  // E3 (Positive_regulation on "requires") has Theme:E1 (Gene_expression on "expression") and Cause:E4 ("production").
  const events = app.call('events.list', { docId: view.id });
  const byTrigger = (start: number) => events.filter((e) => e.triggerStart === start);
  const e1 = byTrigger(10)[0]!;
  const e4 = byTrigger(85)[0]!;
  const e3 = byTrigger(60).find((e) => e.arguments.some((a) => a.mentionId === e1.id))!;
  expect(e3.arguments.map((a) => `${a.role}=${a.mentionId}`).sort()).toEqual([`Cause=${e4.id}`, `Theme=${e1.id}`]);

  // 13 frames: only the focused one's arcs are drawn; select E3 in the list.
  await page.locator(`.ev-list [data-event-id="${e3.id}"]`).click();
  const lines = page.locator(`.ev-arc[data-owner="${e3.id}"] .ev-arc-line`);
  await expect(lines).toHaveCount(2);
  const ends = await page.evaluate((id) => {
    const svg = document.querySelector<SVGSVGElement>('.ev-arcs')!;
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll<SVGPathElement>(`.ev-arc[data-owner="${id}"] .ev-arc-line`)].map((p) => {
      const e = p.getPointAtLength(p.getTotalLength());
      return { x: e.x + box.left, y: e.y + box.top };
    });
  }, e3.id);
  const targets = [await rect(page, view, { start: 10, end: 20 }), await rect(page, view, { start: 85, end: 95 })];
  // each arc ends over one of the two triggers, and each trigger gets one
  const hits = ends.map((end) =>
    targets.findIndex((t) => end.x >= t.left - 1 && end.x <= t.right + 1 && Math.min(Math.abs(end.y - t.top), Math.abs(end.y - t.bottom)) < 4),
  );
  expect(hits.sort()).toEqual([0, 1]);
  // the frame names its event fillers by type and trigger
  await expect(page.locator(`.ev-list [data-event-id="${e3.id}"]`)).toContainText('Gene_expression “expression”');
});
