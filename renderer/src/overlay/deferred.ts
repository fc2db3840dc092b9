/**
 * The first mentions of a windowed document, filed by paragraph before their pieces are made
 * (OverlayController.setMentions): a paragraph's pieces are made when it is first mounted, and,
 * when the window is idle, for the paragraphs just past each end of the window (where a scroll
 * goes next), so a document with 200,000 mentions opens without making them all and mounting a
 * paragraph later only measures.
 */
import type { EntityMention } from '../../../annotations/model';
import type { ParagraphTable } from '../offsets/ParagraphTable';

/** The paragraphs past each end of the window whose first mentions' pieces are made ahead, when idle. */
const AHEAD_PARAGRAPHS = 24;

/** What the deferred mentions need of the overlay. */
export interface DeferredHost {
  readonly table: ParagraphTable;
  /** The mention now (it may have gone since it was filed). */
  mention(id: string): EntityMention | undefined;
  /** Its pieces are made already. */
  made(id: string): boolean;
  addPieces(m: EntityMention): void;
  /** The mounted paragraphs, [first, end). */
  mountedRange(): { first: number; end: number };
}

export class DeferredMentions {
  /** Mention ids by paragraph whose pieces are not made yet. */
  private readonly byParagraph = new Map<number, string[]>();
  private idle = 0;
  private disposed = false;

  constructor(private readonly host: DeferredHost) {}

  dispose(): void {
    this.disposed = true;
    if (this.idle !== 0) cancelIdleCallback(this.idle);
  }

  /** File mentions under the paragraphs they touch, their pieces not made yet. */
  file(mentions: Iterable<EntityMention>): void {
    const table = this.host.table;
    for (const m of mentions) {
      const first = table.paragraphAtCp(m.start);
      const last = table.paragraphAtCp(Math.max(m.start, m.end - 1));
      for (let i = first; i <= last; i++) {
        let ids = this.byParagraph.get(i);
        if (!ids) this.byParagraph.set(i, (ids = []));
        ids.push(m.id);
      }
    }
  }

  /** Make the pieces of the mentions filed under paragraph `index` (each mention whole, once); true when any were made. */
  private materialize(index: number): boolean {
    const ids = this.byParagraph.get(index);
    if (!ids) return false;
    this.byParagraph.delete(index);
    let any = false;
    for (const id of ids) {
      if (this.host.made(id)) continue;
      const m = this.host.mention(id);
      if (!m) continue;
      this.host.addPieces(m);
      any = true;
    }
    return any;
  }

  /** Make the pieces filed under the mounted paragraphs; true when any were made. */
  materializeMounted(): boolean {
    if (this.byParagraph.size === 0) return false;
    const { first, end } = this.host.mountedRange();
    let any = false;
    for (let i = first; i < end; i++) if (this.materialize(i)) any = true;
    return any;
  }

  /**
   * When the window is idle: make the first mentions' pieces of the paragraphs just past each end
   * of the window (where a scroll goes next), a few at a time, so mounting them later only measures.
   */
  scheduleAhead(): void {
    if (this.idle !== 0 || this.disposed || this.byParagraph.size === 0) return;
    this.idle = requestIdleCallback((deadline) => {
      this.idle = 0;
      if (this.disposed) return;
      const { first, end } = this.host.mountedRange();
      const n = this.host.table.paragraphCount;
      for (let k = 0; k < AHEAD_PARAGRAPHS; k++) {
        for (const i of [end + k, first - 1 - k]) {
          if (i < 0 || i >= n || !this.byParagraph.has(i)) continue;
          this.materialize(i);
          if (deadline.timeRemaining() < 1) {
            this.scheduleAhead();
            return;
          }
        }
      }
    });
  }
}
