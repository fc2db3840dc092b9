/** What every CLI command shares: the usage error (exit status 2) and plain-text tables. */

/** A mistake in the command line itself (exit status 2). */
export class UsageError extends Error {}

/** Left-aligned columns separated by two spaces; widths in code points. */
export function formatTable(header: string[], rows: string[][]): string {
  const width = (s: string): number => [...s].length;
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - width(c))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `${l}\n`).join('');
}
