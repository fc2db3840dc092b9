/**
 * Suggestions drawn as ghosts (OverlayController.setSuggestions): the list given, which ghosts have
 * pieces now and the one in focus. A ghost gets pieces only while one of its paragraphs is mounted:
 * it is built when its paragraph is mounted and dropped when it is not, and a new list looks only
 * at the rows between its first and last difference from the last list (compared by identity),
 * rebuilding only the ghosts that came, went or changed (the same suggestion keeps its pieces). What was built
 * is counted for the tests (test/e2e/windowing.spec.ts), never timed.
 */
import type { SuggestionItem } from '../contract';
import type { ParagraphTable } from '../offsets/ParagraphTable';
import type { Piece } from './pieces';
import { ghostId } from './pieces';

interface GhostEntry {
  item: SuggestionItem;
  /** Its first and last paragraph. */
  first: number;
  last: number;
}

/** The overlay's own counts, for tests (test/e2e/windowing.spec.ts reads them through a hook). */
export interface OverlayCounts {
  /** Ghosts whose pieces are made now, and their paragraphs. */
  ghostsBuilt: string[];
  ghostParagraphs: number[];
  /** How many times each ghost's pieces were made since the overlay was created. */
  ghostBuilds: Record<string, number>;
  /** Ghosts given (setSuggestions). */
  ghostsGiven: number;
  /** Lists of suggestions given (setSuggestions calls). */
  lists: number;
}

/** What the ghosts need of the overlay: making and dropping pieces, and the paragraphs a piece is in. */
export interface GhostHost {
  readonly table: ParagraphTable;
  addPieces(m: { id: string; type: string; start: number; end: number }, ghost: NonNullable<Piece['ghost']>): void;
  removePieces(id: string): void;
  /** The paragraphs an overlay id has pieces in. */
  paragraphsOf(id: string): readonly number[];
  /** Its paragraphs are drawn again (the focus moved to or from it). */
  redraw(id: string): void;
}

/** The same suggestion drawn the same way (its key names its span and type). */
function sameGhost(a: SuggestionItem, b: SuggestionItem): boolean {
  return a.score === b.score && a.source === b.source && a.type === b.type && a.start === b.start && a.end === b.end;
}

export class Ghosts {
  /** Suggestions by overlay id (ghostId), each with its paragraphs. */
  private readonly given = new Map<string, GhostEntry>();
  /** The list last given (its rows are compared by identity with the next one's). */
  private items: readonly SuggestionItem[] = [];
  /** The ghosts whose pieces are made (those in mounted paragraphs), as they were made. */
  private readonly built = new Map<string, SuggestionItem>();
  /** The window the ghosts were last built for (a new one rebuilds only what entered or left). */
  private window = { first: -1, end: -1 };
  /** The overlay id of the ghost in focus. */
  focused: string | null = null;
  /** What was made (for tests: counted, never timed). */
  private readonly counts = { builds: new Map<string, number>(), lists: 0 };

  constructor(private readonly host: GhostHost) {}

  /** A suggestion given, by overlay id. */
  item(id: string): SuggestionItem | undefined {
    return this.given.get(id)?.item;
  }

  /**
   * The document's suggestions and the one in focus (its key), for the mounted paragraphs
   * [first, end). Only the rows that differ from the last list are looked at: the lists the
   * window gives (state/suggestions.ts rowsAround) share their item objects, so the rows before
   * and after the first and last difference are skipped by identity, and only the ghosts of the
   * rows between are made, dropped or kept (a label that takes one suggestion out touches that
   * one; session 11 measured the whole map of 1,000 rows rebuilt on every change, ~2.7 ms a label).
   */
  set(items: readonly SuggestionItem[], focusedKey: string | null, mounted: { first: number; end: number }): void {
    const old = this.items;
    this.items = items;
    this.counts.lists++;
    // the rows before the first difference and after the last one are the same objects
    let head = 0;
    const both = Math.min(old.length, items.length);
    while (head < both && old[head] === items[head]) head++;
    let tail = 0;
    while (tail < both - head && old[old.length - 1 - tail] === items[items.length - 1 - tail]) tail++;
    const table = this.host.table;
    const changed = new Set<string>();
    // the rows given now between them: the same suggestion keeps its entry (and its pieces, when built)
    const kept = new Set<string>();
    for (let i = head; i < items.length - tail; i++) {
      const x = items[i] as SuggestionItem;
      const id = ghostId(x.key);
      kept.add(id);
      const was = this.given.get(id);
      if (was && sameGhost(was.item, x)) continue;
      this.given.set(id, { item: x, first: table.paragraphAtCp(x.start), last: table.paragraphAtCp(Math.max(x.start, x.end - 1)) });
      changed.add(id);
    }
    // the rows given before between them and not now
    for (let i = head; i < old.length - tail; i++) {
      const id = ghostId((old[i] as SuggestionItem).key);
      if (kept.has(id)) continue;
      this.given.delete(id);
      changed.add(id);
    }
    if (mounted.first !== this.window.first || mounted.end !== this.window.end) this.sync(mounted, true);
    else for (const id of changed) this.syncOne(id);
    const focused = focusedKey === null ? null : ghostId(focusedKey);
    if (focused !== this.focused) {
      for (const old of [this.focused, focused]) if (old !== null) this.host.redraw(old);
      this.focused = focused;
    }
  }

  /**
   * Make the pieces of the ghosts in the mounted paragraphs and drop those of the others (and of
   * ghosts no longer given or changed); a ghost already built and unchanged is left as it is.
   */
  sync({ first, end }: { first: number; end: number }, force = false): void {
    if (!force && first === this.window.first && end === this.window.end) return;
    this.window = { first, end };
    for (const id of [...this.built.keys()]) this.syncOne(id);
    for (const [id, g] of this.given) if (!this.built.has(id) && this.inWindow(g)) this.syncOne(id);
  }

  private inWindow(g: GhostEntry): boolean {
    return g.last >= this.window.first && g.first < this.window.end;
  }

  /** One ghost as it should be in the window: built (once) while given and in it, else dropped. */
  private syncOne(id: string): void {
    const now = this.given.get(id);
    const built = this.built.get(id);
    const want = now !== undefined && this.inWindow(now);
    if (built !== undefined) {
      if (want && now.item === built) return;
      this.host.removePieces(id);
      this.built.delete(id);
    }
    if (!want) return;
    const x = now.item;
    this.host.addPieces({ id, type: x.type, start: x.start, end: x.end }, { source: x.source, score: x.score });
    this.built.set(id, x);
    this.counts.builds.set(id, (this.counts.builds.get(id) ?? 0) + 1);
  }

  /** What was made (tests count these; nothing here is timed). */
  counters(): OverlayCounts {
    const ghostParagraphs = new Set<number>();
    for (const id of this.built.keys()) for (const index of this.host.paragraphsOf(id)) ghostParagraphs.add(index);
    return {
      ghostsBuilt: [...this.built.keys()],
      ghostParagraphs: [...ghostParagraphs].sort((a, b) => a - b),
      ghostBuilds: Object.fromEntries(this.counts.builds),
      ghostsGiven: this.given.size,
      lists: this.counts.lists,
    };
  }
}
