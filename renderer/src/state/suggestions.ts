/**
 * The open document's suggestions (electron/service/suggestions.ts): the occurrences of forms
 * the annotator tagged and the tagger's, drawn as ghosts by the overlay, with the one in focus
 * (n / p), accepted (Enter, y, or a type's key), rejected (x), all accepted above a score
 * (Shift+Enter); the tagger's state and threshold; and the preview of one mention's other
 * occurrences (o) before they are all tagged.
 *
 * Suggestions load after the document is painted, when the window is idle (its text and
 * annotations come first and are shown), then again once the mentions have rested a second after a
 * change; while the service works (the occurrences, the tagger's training or its tags for this
 * document) they are asked for again, less often each time (300 ms, doubling up to 5 s). One list
 * call at a time; the window sends the revision of the list it holds (`base`), and gets back
 * `unchanged`, or only what changed since (a delta: a label changes a few of a 1 MB document's
 * 40,000 items), or the whole list. What a label, an accept or a reject removes goes from the items
 * shown at once (hidden: `base` stays the service's list of that revision) until a list asked after
 * it answers; the items shown are then exactly that list. An answer is applied when the window is
 * idle, never in a label's frame. Nothing here is in the way of a label: the list is never
 * queued before a change, and a change's answer is applied to the document at once.
 */
import { taggedOccurrencesMessage } from './occurrencesMessage';
import type { EntityMention } from '../../../annotations/model';
import type { EndpointStatus, SuggestionItem, SuggestionsAccepted, TaggerStatus, OccurrencePreview } from '../contract';
import { ChunkedList } from '../../../annotations/chunkedList';
import { unpackSuggestions } from '../../../annotations/suggestionPack';
import { partitionPoint } from '../../../annotations/text';
import { call } from '../bridge';
import { t } from '../i18n';
import { whenIdle } from './idle';
import { Observable } from './observable';
import { ShownSuggestions } from './shownSuggestions';
import type { Workspace } from './workspace';

export interface OccurrencePreviewState {
  docId: string;
  mentionId: string;
  document: OccurrencePreview | null;
  corpus: OccurrencePreview | null;
}

export interface SuggestionState {
  docId: string | null;
  /** In text order: the service's list less what was taken out since (shownSuggestions.ts). */
  items: ShownSuggestions<SuggestionItem>;
  tagger: TaggerStatus | null;
  /** The external recommender's settings and what it answered for this document (app/EndpointSettings.tsx). */
  endpoint: EndpointStatus | null;
  /** The tagger's suggestions for this document are still being computed. */
  pending: boolean;
  /** The suggestion in focus (its key), or null. */
  focused: string | null;
  /** Accept all (Shift+Enter) takes the suggestions scoring at least this. */
  minScore: number;
  preview: OccurrencePreviewState | null;
}

const MIN_SCORE_KEY = 'qalam.suggestMinScore';
/** How long after the document opens (or a call asked meanwhile) the suggestions are asked for. */
const REFRESH_MS = 250;
/** How long the mentions must rest after a change before the suggestions are asked for again. */
const CHANGED_MS = 1000;
/** How soon to ask again while the occurrences or the tagger's suggestions are being computed (then twice as long each time, up to MAX_WAIT_MS). */
const PENDING_MS = 300;
/** How often while the tagger trains (then less often, up to MAX_WAIT_MS). */
const POLL_MS = 1000;
/** The longest wait between two asks while the service works. */
const MAX_WAIT_MS = 5000;
/** How often the tagger's state is checked otherwise (it trains once the annotations rest a while). */
const STATUS_MS = 5000;

function readMinScore(): number {
  try {
    const v = Number(window.localStorage.getItem(MIN_SCORE_KEY));
    return window.localStorage.getItem(MIN_SCORE_KEY) !== null && v >= 0 && v <= 1 ? v : 0.8;
  } catch {
    return 0.8;
  }
}

export class SuggestionSession extends Observable<SuggestionState> {
  private timer: number | null = null;
  private generation = 0;
  private lastView: unknown = null;
  private lastMentions: ReadonlyMap<string, EntityMention> | null = null;
  private lastViewSet: string | null = null;
  private lastAnnotator: string | null = null;
  /** A list call is out (never two at once): one asked meanwhile is made once it is answered. */
  private inFlight = false;
  private askAgain = false;
  /** The next wait while the service works (doubles each time, reset by a change or a complete answer). */
  private wait = PENDING_MS;
  /** The revision of `base` (suggestions.list answers `unchanged`, or a delta from it). */
  private revision: string | null = null;
  /**
   * The items of `revision`, as the service listed them (what a delta applies to), in chunks: a
   * delta rebuilds the chunks it touches and shares the rest (a 20 MB document's 780,000 items were
   * copied whole for every delta, and counted again for the panel).
   */
  private base: ChunkedList<SuggestionItem> = ChunkedList.empty();
  /** Keys taken out of the items shown since (a label's, an accept's, a reject's), each with the ask it came before (`asks`). */
  private hidden = new Map<string, number>();
  /** List calls made (a hidden key made before an ask is answered by that ask's list). */
  private asks = 0;

  constructor(private readonly ws: Workspace) {
    super({ docId: null, items: ShownSuggestions.empty(), tagger: null, endpoint: null, pending: false, focused: null, minScore: readMinScore(), preview: null });
    ws.doc.subscribe(() => this.onDocument());
    ws.subscribe(() => this.onWorkspace());
  }

  // ---- following the document ---------------------------------------------------------------

  /** Suggestions apply to the annotator's own set of the open document. */
  private target(): string | null {
    const w = this.ws.getState();
    if (w.viewSet !== null || !w.session?.annotator) return null;
    return this.ws.doc.getState().view?.id ?? null;
  }

  private onDocument(): void {
    const s = this.ws.doc.getState();
    if (s.view !== this.lastView) {
      this.lastView = s.view;
      this.lastMentions = s.mentions;
      this.generation++;
      this.forget();
      this.wait = PENDING_MS;
      this.set({ docId: s.view?.id ?? null, items: ShownSuggestions.empty(), pending: false, focused: null, preview: null });
      // after the document is painted, when the window is idle: never before its text and annotations
      if (this.timer !== null) window.clearTimeout(this.timer);
      this.timer = null;
      const generation = this.generation;
      if (s.view) {
        this.ws.doc.afterPaint(s.view.id, () => {
          if (generation === this.generation) void this.refresh();
        });
      }
      return;
    }
    if (s.mentions !== this.lastMentions) {
      const before = this.lastMentions;
      this.lastMentions = s.mentions;
      // a suggestion a mention now covers exactly goes at once; the rest a moment later. Only the
      // mentions the edits changed are looked up (a label costs its own mention, not the document's
      // 10,000 mentions and 40,000 suggestions); every mention when that is unknown.
      const changed = before === null ? null : this.ws.doc.mentionDelta(before, s.mentions);
      const spans = changed === null ? s.mentions.values() : changed.flatMap((id) => s.mentions.get(id) ?? []);
      const covered = itemsAtSpans(this.state.items, spans);
      if (covered.size > 0) {
        // hidden until the service's list has the change (base stays that revision's list)
        this.hide(covered);
        const focused = this.state.focused;
        this.set({ items: this.state.items.without(covered), focused: focused !== null && covered.has(focused) ? null : focused });
      }
      this.wait = PENDING_MS;
      // once the annotator pauses: never in the middle of a run of labels
      this.schedule(CHANGED_MS);
    }
    if (s.selectedId !== null && this.state.focused !== null) this.set({ focused: null });
  }

  private onWorkspace(): void {
    const w = this.ws.getState();
    const annotator = w.session?.annotator ?? null;
    if (w.viewSet === this.lastViewSet && annotator === this.lastAnnotator) return;
    this.lastViewSet = w.viewSet;
    this.lastAnnotator = annotator;
    this.generation++;
    this.forget();
    this.wait = PENDING_MS;
    this.set({ items: ShownSuggestions.empty(), pending: false, focused: null, preview: null });
    // No document yet (the start): its first paint asks (onDocument).
    if (this.ws.doc.getState().view) this.schedule(REFRESH_MS);
  }

  /** Another document, set or annotator: no list held. */
  private forget(): void {
    this.revision = null;
    this.base = ChunkedList.empty();
    this.hidden.clear();
  }

  private hide(keys: Iterable<string>): void {
    for (const k of keys) this.hidden.set(k, this.asks);
  }

  private schedule(ms: number): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.timer = null;
      void this.poll();
    }, ms);
  }

  /** The wait before asking again while the service works: `first`, then twice as long each time, up to MAX_WAIT_MS. */
  private backoff(first: number): number {
    const ms = Math.max(first, this.wait);
    this.wait = Math.min(MAX_WAIT_MS, ms * 2);
    return ms;
  }

  /** Ask for the document's suggestions again now (something changed: the waits start short again). */
  refresh(): Promise<void> {
    this.wait = PENDING_MS;
    return this.poll();
  }

  /** Ask for the document's suggestions (one call at a time: asked while one is out, once it is answered). */
  private async poll(): Promise<void> {
    if (this.inFlight) {
      this.askAgain = true;
      return;
    }
    this.inFlight = true;
    try {
      await this.ask();
    } finally {
      this.inFlight = false;
      if (this.askAgain) {
        this.askAgain = false;
        this.schedule(REFRESH_MS);
      }
    }
  }

  private async ask(): Promise<void> {
    const docId = this.target();
    if (docId === null) {
      this.forget();
      if (this.state.items.length > 0 || this.state.tagger !== null) this.set({ items: ShownSuggestions.empty(), tagger: null, pending: false, focused: null });
      return;
    }
    const generation = this.generation;
    const known = this.revision;
    const ask = ++this.asks;
    const r = await call('suggestions.list', { docId, ...(known !== null ? { known } : {}) });
    // applied when the window is idle: never in the frame of a label made meanwhile
    await new Promise<void>((done) => whenIdle(done));
    if (generation !== this.generation || this.target() !== docId) return;
    if (!r.ok) {
      this.ws.reportError(r.error, t('suggest.cannotList'));
      return;
    }
    const { pending } = r.value;
    // the very objects held while they say the same (every answer brings new ones): the panel's
    // controls and the recommender's form are drawn again only when what they show changes
    const tagger = sameValue(this.state.tagger, r.value.tagger);
    const endpoint = sameValue(this.state.endpoint, r.value.endpoint);
    if ((r.value.unchanged || r.value.delta) && (known === null || known !== this.revision)) {
      // an answer to a list this window no longer holds: ask for the whole list
      this.revision = null;
      this.schedule(REFRESH_MS);
      return;
    }
    let base = this.base;
    if (!r.value.unchanged) {
      // columns on the wire (annotations/suggestionPack.ts): a 1 MB document's 40,000 are ~1 MB, not ~8.7 MB of objects
      const sent: SuggestionItem[] = unpackSuggestions<SuggestionItem['source']>(r.value.packed);
      try {
        base = r.value.delta ? this.base.applyDelta(r.value.delta, sent) : ChunkedList.of(sent);
      } catch {
        // a delta that does not fit the list held (never expected): the whole list next
        this.revision = null;
        this.schedule(REFRESH_MS);
        return;
      }
    }
    // what was hidden before this ask is in this list or not, as the service says; what was hidden since stays hidden
    let unhid = false;
    for (const [k, at] of this.hidden) {
      if (at < ask) {
        this.hidden.delete(k);
        unhid = true;
      }
    }
    if (base === this.base && !unhid) {
      // the items shown are the service's current ones: only the states may have moved
      this.set({ tagger, endpoint, pending });
    } else {
      this.base = base;
      this.revision = r.value.revision;
      const items = ShownSuggestions.of(base).without(this.hidden.keys());
      const focused = this.state.focused !== null && items.indexOfKey(this.state.focused) >= 0 ? this.state.focused : null;
      this.set({ docId, items, tagger, endpoint, pending, focused });
    }
    if (pending) this.schedule(this.backoff(PENDING_MS));
    else if (tagger.state === 'training') this.schedule(this.backoff(POLL_MS));
    else {
      this.wait = PENDING_MS;
      this.watchTagger(generation, tagger);
    }
  }

  /** Until something else asks: check the tagger's state now and then, and ask for the list again when it trained or is training. */
  private watchTagger(generation: number, seen: TaggerStatus): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.timer = null;
      void (async () => {
        if (generation !== this.generation || this.target() === null) return;
        const r = await call('suggestions.status', {});
        if (generation !== this.generation || !r.ok) return;
        if (r.value.state === 'training' || r.value.generation !== seen.generation || r.value.state !== seen.state) await this.refresh();
        else this.watchTagger(generation, seen);
      })();
    }, STATUS_MS);
  }

  // ---- focus ------------------------------------------------------------------------------------

  /**
   * The suggestion in focus. Asked on every key a label's hotkey goes through (editor/keymap.ts):
   * nothing is searched when none is in focus, and the search is made once per list and focus.
   */
  focusedItem(): SuggestionItem | null {
    const key = this.state.focused;
    return key === null ? null : this.state.items.byKey(key);
  }

  focus(key: string | null): void {
    if (key !== null && this.state.items.indexOfKey(key) < 0) return;
    if (key !== null && this.ws.doc.getState().selectedId !== null) this.ws.doc.select(null);
    this.set({ focused: key });
  }

  /** The next (or previous) suggestion in text order, from the one in focus (wrapping around). */
  move(direction: 1 | -1): SuggestionItem | null {
    const items = this.state.items;
    if (items.length === 0) {
      this.ws.info(t('suggest.noneLeft'));
      return null;
    }
    const at = this.state.focused === null ? -1 : items.indexOfKey(this.state.focused);
    const next = at < 0 ? (direction === 1 ? 0 : items.length - 1) : (at + direction + items.length) % items.length;
    const item = items.at(next) ?? null;
    this.focus(item?.key ?? null);
    return item;
  }

  // ---- accepting and rejecting ------------------------------------------------------------------

  /** The suggestion after `key` in text order (what gets the focus once `key` is gone). */
  private after(key: string): string | null {
    const items = this.state.items;
    const at = items.indexOfKey(key);
    if (at < 0) return null;
    return (items.at(at + 1) ?? items.at(at - 1) ?? null)?.key ?? null;
  }

  private without(keys: ReadonlySet<string>, focused: string | null): void {
    this.hide(keys);
    this.set({ items: this.state.items.without(keys), focused });
  }

  private applied(r: SuggestionsAccepted): void {
    this.ws.doc.addAccepted(r);
  }

  /** Accept the suggestion in focus, as its type or as `type`; the focus moves to the next. */
  accept(type?: string): Promise<void> {
    const s = this.focusedItem();
    if (!s) return Promise.resolve();
    return this.ws.queue.run(async () => {
      const docId = this.target();
      if (docId === null || docId !== s.docId || !this.ws.requireAnnotator()) return;
      const as = type ?? s.type;
      const r = await call('suggestions.accept', {
        docId,
        start: s.start,
        end: s.end,
        type: as,
        ...(as !== s.type ? { suggestedType: s.type } : {}),
        source: s.source,
        score: s.score,
        ...(s.form !== undefined ? { form: s.form } : {}),
      });
      if (!r.ok) {
        this.ws.reportError(r.error, t('suggest.cannotAccept'));
        return;
      }
      if (this.ws.doc.getState().view?.id !== docId) return;
      const next = this.after(s.key);
      this.without(new Set([s.key]), next);
      this.applied(r.value);
      this.ws.info(t('suggest.accepted', { type: as, text: s.text }));
    });
  }

  /** Reject the suggestion in focus: it is not suggested again. The focus moves to the next. */
  reject(): Promise<void> {
    const s = this.focusedItem();
    if (!s) return Promise.resolve();
    return this.ws.queue.run(async () => {
      const docId = this.target();
      if (docId === null || docId !== s.docId || !this.ws.requireAnnotator()) return;
      const r = await call('suggestions.reject', { docId, start: s.start, end: s.end, type: s.type, source: s.source, score: s.score });
      if (!r.ok) {
        this.ws.reportError(r.error, t('suggest.cannotReject'));
        return;
      }
      this.without(new Set([s.key]), this.after(s.key));
      this.ws.info(t('suggest.rejected', { type: s.type, text: s.text }));
    });
  }

  /** Accept every suggestion scoring at least the chosen score (one undo step). */
  acceptAll(): Promise<void> {
    return this.ws.queue.run(async () => {
      const docId = this.target();
      if (docId === null || !this.ws.requireAnnotator()) return;
      const minScore = this.state.minScore;
      const r = await call('suggestions.acceptAll', { docId, minScore });
      if (!r.ok) {
        this.ws.reportError(r.error, t('suggest.cannotAccept'));
        return;
      }
      if (this.ws.doc.getState().view?.id !== docId) return;
      this.without(itemsAtSpans(this.state.items, r.value.created), null);
      this.applied(r.value);
      this.ws.info(t('suggest.acceptedAll', { n: r.value.count, score: minScore.toFixed(2) }));
    });
  }

  setMinScore(value: number): void {
    if (!(value >= 0 && value <= 1)) return;
    try {
      window.localStorage.setItem(MIN_SCORE_KEY, String(value));
    } catch {
      // not kept: holds for this session
    }
    this.set({ minScore: value });
  }

  // ---- the tagger ---------------------------------------------------------------------------------

  async setThreshold(minF1: number): Promise<void> {
    if (!(minF1 >= 0 && minF1 <= 1)) return;
    const r = await call('suggestions.setThreshold', { minF1 });
    if (!r.ok) {
      this.ws.reportError(r.error, t('suggest.cannotThreshold'));
      return;
    }
    this.set({ tagger: r.value });
    await this.refresh();
  }

  async train(): Promise<void> {
    const r = await call('suggestions.train', {});
    if (!r.ok) {
      this.ws.reportError(r.error, t('suggest.cannotTrain'));
      return;
    }
    this.set({ tagger: r.value });
    this.schedule(POLL_MS);
  }

  // ---- the other occurrences of a mention ---------------------------------------------------------

  /** Preview the other occurrences of the selected mention (in the document and in the corpus). */
  async openPreview(): Promise<void> {
    const docId = this.target();
    const mentionId = this.ws.doc.getState().selectedId;
    if (docId === null) {
      this.ws.refuseReadOnly();
      return;
    }
    if (mentionId === null || mentionId.startsWith('pending-')) {
      this.ws.info(t('suggest.selectFirst'));
      return;
    }
    const generation = this.generation;
    const [inDoc, inCorpus] = await Promise.all([
      call('suggestions.occurrences', { docId, mentionId, scope: 'document' }),
      call('suggestions.occurrences', { docId, mentionId, scope: 'corpus' }),
    ]);
    if (generation !== this.generation || this.target() !== docId) return;
    if (!inDoc.ok) {
      this.ws.reportError(inDoc.error, t('suggest.cannotFind'));
      return;
    }
    this.set({ preview: { docId, mentionId, document: inDoc.value, corpus: inCorpus.ok ? inCorpus.value : null } });
  }

  closePreview(): void {
    if (this.state.preview) this.set({ preview: null });
  }

  /** Tag every occurrence the preview counted (in the document, or in the corpus). */
  acceptPreview(scope: 'document' | 'corpus'): Promise<void> {
    const p = this.state.preview;
    if (!p) return Promise.resolve();
    this.set({ preview: null });
    return this.ws.queue.run(async () => {
      if (this.target() !== p.docId || !this.ws.requireAnnotator()) return;
      const r = await call('suggestions.acceptOccurrences', { docId: p.docId, mentionId: p.mentionId, scope });
      if (!r.ok) {
        this.ws.reportError(r.error, t('suggest.cannotAccept'));
        return;
      }
      if (this.ws.doc.getState().view?.id !== p.docId) return;
      this.applied(r.value);
      const form = p.document?.form ?? '';
      // the preview's count, against what was tagged: the rest was tagged or rejected since
      const counted = scope === 'corpus' ? (p.corpus?.count ?? null) : (p.document?.count ?? null);
      const m = taggedOccurrencesMessage(r.value, form, counted);
      this.ws.info(t(m.key, m.values));
      if (scope === 'corpus' && r.value.documents > 1) await this.ws.refreshDocuments();
    });
  }
}

/** `held` when `next` says the same (plain data, compared as JSON), else `next`. */
function sameValue<T>(held: T | null, next: T): T {
  return held !== null && JSON.stringify(held) === JSON.stringify(next) ? held : next;
}

/** Rows the suggestions panel lists at most (a 1 MB document may have 40,000 suggestions). */
export const LIST_ROWS = 200;
/** Ghosts the overlay draws at most: those around the one in focus (or the first ones). */
export const GHOST_ROWS = 1000;

/**
 * The keys of the items whose span is exactly one of `spans`. The items are in text order (by
 * start, as suggestions.list sends them), so each span is a binary search: no string is made and
 * the cost does not grow with the items.
 */
export function itemsAtSpans<T extends { key: string; start: number; end: number }>(items: { readonly length: number; at(i: number): T | undefined }, spans: Iterable<{ start: number; end: number }>): Set<string> {
  const out = new Set<string>();
  if (items.length === 0) return out;
  for (const m of spans) {
    for (let i = partitionPoint(items.length, (j) => (items.at(j) as T).start < m.start); i < items.length && (items.at(i) as T).start === m.start; i++) {
      const x = items.at(i) as T;
      if (x.end === m.end) out.add(x.key);
    }
  }
  return out;
}

/** The items around the focused one (or the first ones), at most `rows`, and how many are left out before and after. */
export function rowsAround<T extends { key: string; start: number }>(items: ShownSuggestions<T>, focused: string | null, rows: number): { items: readonly T[]; before: number; after: number } {
  if (items.length <= rows) return { items: items.toArray(), before: 0, after: 0 };
  const at = focused === null ? -1 : items.indexOfKey(focused);
  const start = at < 0 ? 0 : Math.max(0, Math.min(items.length - rows, at - (rows >> 1)));
  return { items: items.slice(start, start + rows), before: start, after: items.length - start - rows };
}
