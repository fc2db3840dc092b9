/**
 * The document list's rows come at once; figures that are out of date in the store (sets another
 * program wrote around it) are shown as coming ("…", named in the interface language), asked for
 * once the rows are painted (documents.figures) and filled in with the figures computed; an answer
 * for an older query (the sort changed meanwhile) is dropped.
 */
import Database from 'better-sqlite3';
import { expect, test, type QalamApp } from './harness';

/** Mentions of dana's written by another program into the first two documents (the second with a type the schema lacks: a problem); their ids and names. */
function writeAroundTheStore(app: QalamApp): { id: string; name: string }[] {
  const rows = app.call('documents.page', { limit: 2 }).rows.map((r) => ({ id: r.id, name: r.name }));
  const db = new Database(app.projectPath);
  try {
    const insert = db.prepare(
      "INSERT INTO mentions (doc_id, type, start_cp, end_cp, annotator, origin, created_at, updated_at, attributes_json, note) VALUES (?, ?, ?, ?, 'dana', 'import', 'x', 'x', '{}', '')",
    );
    // Each document's first word (its text is in the basic plane: code points are UTF-16 units here).
    const firstWord = (id: string) => [...app.call('documents.get', { id }).text.matchAll(/[\p{L}\p{N}]+/gu)][0]!;
    for (const [i, type] of [
      [0, 'PER'],
      [1, 'NOT-IN-SCHEMA'],
    ] as const) {
      const w = firstWord(rows[i]!.id);
      insert.run(rows[i]!.id, type, w.index, w.index + w[0].length);
    }
  } finally {
    db.close();
  }
  return rows;
}

/** The figures' answers the page has received so far (recorded as they come back through the bridge). */
async function recordFigureAnswers(app: QalamApp): Promise<void> {
  await app.page.addInitScript(() => {
    const w = window as unknown as { qalam: { invoke(m: string, a: unknown): Promise<unknown> }; __figureAnswers: number };
    w.__figureAnswers = 0;
    const invoke = w.qalam.invoke;
    w.qalam.invoke = async (m, a) => {
      const r = await invoke(m, a);
      if (m === 'documents.figures') w.__figureAnswers++;
      return r;
    };
  });
}

const figureAnswers = (app: QalamApp) => app.page.evaluate(() => (window as unknown as { __figureAnswers: number }).__figureAnswers);
const figureCalls = (app: QalamApp) => app.calls.filter((m) => m === 'documents.figures').length;

test('rows are painted with their out-of-date figures pending, then filled with the figures computed', async ({ app }) => {
  const third = app.importText('zz-current', 'מילה אחת שתיים').id;
  const [first, second] = writeAroundTheStore(app);
  const release = app.hold(['documents.figures']);
  await app.load();
  const page = app.page;
  const row = (id: string) => page.locator(`.doc-item[data-doc-id="${id}"]`);
  // Painted before the figures come: "…" in their place, never the old (or a zero) figure.
  for (const d of [first!, second!]) {
    await expect(row(d.id).getByTestId('doc-percent-pending')).toHaveText('…');
    await expect(row(d.id).getByTestId('doc-problems-pending')).toHaveAttribute('aria-label', 'Counting validation problems');
    await expect(row(d.id).getByRole('progressbar')).toHaveAttribute('aria-label', `Progress of ${d.name}: being computed`);
    await expect(row(d.id).getByRole('progressbar')).not.toHaveAttribute('aria-valuenow');
    await expect(row(d.id).getByText(/% of words/)).toHaveCount(0);
  }
  // Rows whose figures are current show them at once.
  await expect(row(third).getByText('0% of words')).toBeVisible();
  await expect(row(third).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0');
  await expect.poll(() => figureCalls(app)).toBe(1);
  release();
  for (const d of [first!, second!]) await expect(row(d.id).getByTestId('doc-percent-pending')).toHaveCount(0);
  await expect(page.getByTestId('doc-problems-pending')).toHaveCount(0);
  // The numbers are those of a full computation (the service kept them: nothing is out of date).
  expect(app.service.store.overview.staleProgressSets(10)).toEqual([]);
  const figures = new Map(app.call('documents.figures', { ids: [first!.id, second!.id] }).map((f) => [f.id, f]));
  for (const d of [first!, second!]) {
    const f = figures.get(d.id)!;
    expect(f.progress).toBeGreaterThan(0);
    await expect(row(d.id).getByText(`${Math.round(f.progress * 100)}% of words`)).toBeVisible();
    await expect(row(d.id).getByRole('progressbar')).toHaveAttribute('aria-valuenow', String(Math.round(f.progress * 100)));
  }
  expect(figures.get(first!.id)!.problems).toBe(0);
  expect(figures.get(second!.id)!.problems).toBe(1);
  await expect(row(first!.id).getByTestId('doc-problems')).toHaveCount(0);
  await expect(row(second!.id).getByTestId('doc-problems')).toHaveText('1 problem');
});

test('an answer of figures for an older query is dropped; the new query’s answer fills the rows', async ({ app }) => {
  const [first] = writeAroundTheStore(app);
  await recordFigureAnswers(app);
  const releaseFirst = app.hold(['documents.figures']);
  await app.load();
  const page = app.page;
  const row = page.locator(`.doc-item[data-doc-id="${first!.id}"]`);
  await expect(row.getByTestId('doc-percent-pending')).toHaveText('…');
  await expect.poll(() => figureCalls(app)).toBe(1);
  // The sort changes while the first answer is held: the new page's rows ask again (held too).
  const releaseSecond = app.hold(['documents.figures']);
  await page.getByTestId('doc-sort').selectOption('name');
  await expect.poll(() => figureCalls(app)).toBe(2);
  await expect(row.getByTestId('doc-percent-pending')).toHaveText('…');
  // The first answer (for the import-order query) arrives: dropped, the row still waits for its own.
  releaseFirst();
  await expect.poll(() => figureAnswers(app)).toBe(1);
  await expect(row.getByTestId('doc-percent-pending')).toHaveText('…');
  await expect(page.getByTestId('doc-problems-pending')).toHaveCount(2);
  releaseSecond();
  await expect.poll(() => figureAnswers(app)).toBe(2);
  await expect(row.getByTestId('doc-percent-pending')).toHaveCount(0);
  const f = app.call('documents.figures', { ids: [first!.id] })[0]!;
  await expect(row.getByText(`${Math.round(f.progress * 100)}% of words`)).toBeVisible();
  await expect(page.getByTestId('doc-problems-pending')).toHaveCount(0);
});
