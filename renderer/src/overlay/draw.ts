/**
 * The elements of a group's pieces (OverlayController's groups, pieces.ts): highlight boxes and
 * underlines in the layer behind the text, chips, note markers and the selected outline in the
 * layer above it. Each element is a grid item of its group, placed by its margins (pieces.ts
 * place(): never a positioned box). A piece whose drawing would not change keeps its elements.
 * Chip texts and widths are computed once per label (a screen holds hundreds of ghost chips
 * sharing a few texts).
 */
import { getLocale, t } from '../i18n';
import { CHIP_FONT, CHIP_HEIGHT, MAX_INSET_LANE, NOTE_SIZE, place, type Box, type Measured, type Part, type Piece, type Rendered } from './pieces';

/** How a piece is drawn now: its colour (by type) and whether it is selected (mention, trigger) or in focus (ghost). */
export interface PieceLook {
  color(p: Piece): string;
  selected(p: Piece): boolean;
}

/** A trigger chip's text: the event subtype (`Attack` of `Conflict:Attack`); the title says it all. */
function triggerLabel(type: string): string {
  const i = type.lastIndexOf(':');
  return i >= 0 && i < type.length - 1 ? type.slice(i + 1) : type;
}

let measureCanvas: CanvasRenderingContext2D | null = null;
const chipWidths = new Map<string, number>();

function chipWidth(label: string): number {
  let w = chipWidths.get(label);
  if (w === undefined) {
    measureCanvas ??= document.createElement('canvas').getContext('2d');
    if (measureCanvas) {
      measureCanvas.font = CHIP_FONT;
      w = Math.ceil(measureCanvas.measureText(label).width) + 8;
    } else {
      w = label.length * 7 + 8;
    }
    chipWidths.set(label, w);
  }
  return w;
}

/**
 * A ghost chip's text and title, by locale, type, source and score: a screen holds hundreds of
 * ghosts sharing a few of these, each formatted once (not three messages a ghost as it is drawn).
 */
const ghostTexts = new Map<string, { label: string; title: string }>();
function ghostText(type: string, ghost: NonNullable<Piece['ghost']>): { label: string; title: string } {
  const key = `${getLocale()}|${type}|${ghost.source}|${ghost.score}`;
  let x = ghostTexts.get(key);
  if (x === undefined) {
    const score = ghost.score.toFixed(2);
    x = {
      label: t('overlay.ghostChip', { type, source: t(`suggest.chip.${ghost.source}`), score }),
      title: t('overlay.ghostTitle', { type, source: t(`suggest.source.${ghost.source}`), score }),
    };
    // bounded: scores are few per list, but a long session sees many lists
    if (ghostTexts.size >= 4096) ghostTexts.clear();
    ghostTexts.set(key, x);
  }
  return x;
}

/** A chip's text: the type; a suggestion's also names its source and score ("GPE · occ. 0.50"). */
function chipLabel(p: Piece): string {
  if (p.trigger) return triggerLabel(p.type);
  return p.ghost ? ghostText(p.type, p.ghost).label : p.type;
}

/**
 * Draw a part of a group (its mentions, or its ghosts). A piece whose drawing would not change
 * (same boxes, lane, colour, selection and chip place) keeps its elements, so a new mention adds
 * its own few elements and the frame that shows it restyles and lays out nothing else. Chips are
 * placed clear of `around` (the ghosts' around the mentions' chips) and of each other; the part's
 * chips are kept in `g.chips`. True when they moved, came or went.
 */
export function renderPart(g: Part, layers: { back: HTMLElement; front: HTMLElement }, look: PieceLook, onChipClick: (id: string) => void, around: readonly Box[] = []): boolean {
  const placed: Box[] = [...around];
  const next = new Map<string, Rendered>();
  const locale = getLocale();
  for (const p of g.pieces) {
    const m = g.measured.get(p.id);
    if (!m) continue;
    const color = look.color(p);
    const selected = look.selected(p);
    const chip = p.first && m.anchor ? placeChip(p, m.anchor, placed, locale) : null;
    const old = g.rendered.get(p.id);
    if (old) g.rendered.delete(p.id);
    // everything but where the chip is (a chip pushed along its line is only moved), compared
    // field by field: no signature string per piece and frame (a label's frame drew the part's
    // every piece again to compare them: the largest allocation of a label at 20 MB, session 12)
    if (old && sameDrawing(old, locale, p, m, color, selected, chip !== null)) {
      if (old.chip && chip && !sameChipPlace(old.chipAt, chip)) {
        old.chip.style.cssText = chipStyle(color, chip);
        old.chipAt = chip;
      }
      next.set(p.id, old);
      continue;
    }
    if (old) for (const el of [...old.back, ...old.front]) el.remove();
    const drawn = drawPiece(p, m, color, selected, chip, locale, onChipClick);
    layers.back.append(...drawn.back);
    layers.front.append(...drawn.front);
    next.set(p.id, drawn);
  }
  for (const gone of g.rendered.values()) for (const el of [...gone.back, ...gone.front]) el.remove();
  g.rendered = next;
  const chips = placed.slice(around.length);
  const moved = chips.length !== g.chips.length || chips.some((c, i) => c.x !== g.chips[i]?.x || c.y !== g.chips[i]?.y || c.w !== g.chips[i]?.w);
  g.chips = chips;
  return moved;
}

/** Whether a piece drawn as `old` is drawn the same now (its chip's place aside). */
function sameDrawing(old: Rendered, locale: string, p: Piece, m: Measured, color: string, selected: boolean, hasChip: boolean): boolean {
  return (
    old.locale === locale &&
    old.type === p.type &&
    old.note === p.note &&
    old.source === p.ghost?.source &&
    old.score === p.ghost?.score &&
    old.color === color &&
    old.selected === selected &&
    old.lane === p.lane &&
    (old.chipAt !== null) === hasChip &&
    (old.measured === m || (sameBox(old.measured.end, m.end) && sameBoxes(old.measured.boxes, m.boxes)))
  );
}

function sameBox(a: Box | null, b: Box | null): boolean {
  return a === b || (a !== null && b !== null && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h);
}

function sameBoxes(a: readonly Box[], b: readonly Box[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameBox(a[i] as Box, b[i] as Box)) return false;
  return true;
}

/** The same place of a chip (where it is; its height is fixed). */
function sameChipPlace(a: Box | null, b: Box): boolean {
  return a !== null && a.x === b.x && a.y === b.y && a.w === b.w;
}

/** A piece's elements: its highlight boxes (a mention's with underlines, and its outline when selected), chip and note marker. */
function drawPiece(p: Piece, m: Measured, color: string, selected: boolean, chip: Box | null, locale: string, onChipClick: (id: string) => void): Rendered {
  const out: Rendered = {
    locale,
    type: p.type,
    note: p.note,
    source: p.ghost?.source,
    score: p.ghost?.score,
    color,
    selected,
    lane: p.lane,
    measured: m,
    back: [],
    front: [],
    chip: null,
    chipAt: chip,
  };
  const inset = Math.min(p.lane, MAX_INSET_LANE) * 2;
  for (const b of p.trigger ? [] : m.boxes) {
    const hl = document.createElement('div');
    hl.className = p.ghost ? (selected ? 'ov-hl is-ghost is-focused' : 'ov-hl is-ghost') : selected ? 'ov-hl is-selected' : 'ov-hl';
    hl.dataset['id'] = p.id;
    hl.dataset['type'] = p.type;
    hl.dataset['lane'] = String(p.lane);
    const top = b.y - 1 + inset;
    const height = Math.max(b.h / 2, b.h + 2 - inset * 2);
    hl.style.cssText = `--c:${color};${place(b.x, top, b.w, height)}`;
    out.back.push(hl);
    if (p.ghost) continue;
    const ul = document.createElement('div');
    ul.className = 'ov-ul';
    ul.style.cssText = `--c:${color};${place(b.x, b.y + b.h + 1 + p.lane * 3, b.w)}`;
    out.back.push(ul);
    if (selected) {
      const outline = document.createElement('div');
      outline.className = 'ov-outline';
      outline.dataset['id'] = p.id;
      outline.style.cssText = place(b.x - 2, top - 2, b.w + 4, height + 4);
      out.front.push(outline);
    }
  }
  if (chip) {
    out.chip = chipElement(p, chip, color, selected, onChipClick);
    out.front.push(out.chip);
  }
  if (p.last && p.note && m.end && !p.ghost && !p.trigger) out.front.push(noteMarker(p, m.end, color, onChipClick));
  return out;
}

/**
 * A mention's note: a small mark above the end of its last letter (in its reading direction),
 * in the layer above the text, the note as its tooltip. Never in the text itself.
 */
function noteMarker(p: Piece, end: Box, color: string, onChipClick: (id: string) => void): HTMLElement {
  const el = document.createElement('span');
  el.className = 'ov-note';
  el.dataset['id'] = p.id;
  el.title = t('overlay.noteTitle', { note: p.note ?? '' });
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', el.title);
  const size = NOTE_SIZE;
  const x = p.dir === 'rtl' ? end.x - size / 2 : end.x + end.w - size / 2;
  const y = end.y - size / 2;
  el.style.cssText = `--c:${color};${place(x, y, size, size)}`;
  el.addEventListener('mousedown', (e) => {
    e.preventDefault();
    e.stopPropagation();
  });
  el.addEventListener('click', (e) => {
    e.preventDefault();
    e.stopPropagation();
    onChipClick(p.id);
  });
  return el;
}

/** Where a piece's chip goes: above its first letter, pushed along the line past earlier chips. */
function placeChip(p: Piece, anchor: Box, placed: Box[], locale: string): Box {
  // the width kept on the piece for its locale and type (a ghost's label was looked up by a key
  // string made on every frame that placed it)
  if (p.chip?.locale !== locale || p.chip.type !== p.type) p.chip = { locale, type: p.type, w: chipWidth(chipLabel(p)) };
  const w = p.chip.w;
  const y = anchor.y - CHIP_HEIGHT + 1;
  let x = p.dir === 'rtl' ? anchor.x + anchor.w - w : anchor.x;
  for (let guard = 0; guard < 20; guard++) {
    // the first chip placed that this one would overlap (an index loop: no closure or iterator per chip)
    let hit: Box | null = null;
    for (let i = 0; i < placed.length; i++) {
      const c = placed[i] as Box;
      if (Math.abs(c.y - y) < CHIP_HEIGHT && x < c.x + c.w + 1 && x + w > c.x - 1) {
        hit = c;
        break;
      }
    }
    if (!hit) break;
    x = p.dir === 'rtl' ? hit.x - w - 2 : hit.x + hit.w + 2;
  }
  const box = { x, y, w, h: CHIP_HEIGHT };
  placed.push(box);
  return box;
}

function chipStyle(color: string, box: Box): string {
  return `--c:${color};${place(box.x, box.y, box.w, CHIP_HEIGHT)}`;
}

/** A type chip (a button that selects its mention) at the place placeChip found. */
function chipElement(p: Piece, box: Box, color: string, selected: boolean, onChipClick: (id: string) => void): HTMLElement {
  const chip = document.createElement('button');
  chip.type = 'button';
  chip.className = `${selected ? 'ov-chip is-selected' : 'ov-chip'}${p.ghost ? ' is-ghost' : ''}${p.trigger ? ' is-trigger' : ''}`;
  chip.textContent = chipLabel(p);
  chip.tabIndex = -1;
  chip.dataset['id'] = p.id;
  if (p.trigger) chip.dataset['eventId'] = p.id.slice(2);
  chip.title = p.trigger
    ? t('overlay.triggerTitle', { type: p.type })
    : p.ghost
    ? ghostText(p.type, p.ghost).title
    : t('overlay.chipTitle', { type: p.type });
  chip.style.cssText = chipStyle(color, box);
  chip.addEventListener('mousedown', (e) => {
    e.preventDefault();
    e.stopPropagation();
  });
  chip.addEventListener('click', (e) => {
    e.preventDefault();
    e.stopPropagation();
    onChipClick(p.id);
  });
  return chip;
}
