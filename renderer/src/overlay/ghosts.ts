/**
 * Suggestions drawn as ghosts (OverlayController.setSuggestions): the list given, which ghosts have
 * pieces now and the one in focus. A ghost gets pieces only while one of its paragraphs is mounted:
 * it is built when its paragraph is mounted and dropped when it is not, and a new list rebuilds
 * only the ghosts that came, went or changed (the same suggestion keeps its pieces). What was built
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
  private given = new Map<string, GhostEntry>();
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
   * [first, end). Only those that came, went or changed are redrawn.
   */
  set(items: readonly SuggestionItem[], focusedKey: string | null, mounted: { first: number; end: number }): void {
    const table = this.host.table;
    const next = new Map<string, GhostEntry>();
    for (const x of items) {
      const id = ghostId(x.key);
      const old = this.given.get(id);
      // the same suggestion keeps its entry (and its pieces, when built)
      if (old && sameGhost(old.item, x)) next.set(id, old);
      else next.set(id, { item: x, first: table.paragraphAtCp(x.start), last: table.paragraphAtCp(Math.max(x.start, x.end - 1)) });
    }
    this.given = next;
    this.counts.lists++;
    this.sync(mounted, true);
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
    const inWindow = (g: GhostEntry) => g.last >= first && g.first < end;
    for (const [id, built] of this.built) {
      const now = this.given.get(id);
      if (now && now.item === built && inWindow(now)) continue;
      this.host.removePieces(id);
      this.built.delete(id);
    }
    for (const [id, g] of this.given) {
      if (this.built.has(id) || !inWindow(g)) continue;
      const x = g.item;
      this.host.addPieces({ id, type: x.type, start: x.start, end: x.end }, { source: x.source, score: x.score });
      this.built.set(id, x);
      this.counts.builds.set(id, (this.counts.builds.get(id) ?? 0) + 1);
    }
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
