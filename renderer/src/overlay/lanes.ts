/**
 * Nesting lanes: within one paragraph, each mention piece gets the lowest lane not used by a
 * piece that overlaps it and started earlier (outer before inner, since longer pieces sort first
 * at the same start). Lane 0 is the outermost; an inner or overlapping mention gets lane 1, 2, …
 * and is drawn inset, with its underline lower, so nesting stays visible.
 */
export interface LaneInput {
  id: string;
  start16: number;
  end16: number;
}

export function compareForLanes(a: LaneInput, b: LaneInput): number {
  return a.start16 - b.start16 || b.end16 - a.end16 || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Lane of each piece, by id. */
export function assignLanes(pieces: readonly LaneInput[]): Map<string, number> {
  const sorted = [...pieces].sort(compareForLanes);
  const laneEnds: number[] = [];
  const lanes = new Map<string, number>();
  for (const p of sorted) {
    let lane = laneEnds.findIndex((end) => end <= p.start16);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(p.end16);
    } else {
      laneEnds[lane] = p.end16;
    }
    lanes.set(p.id, lane);
  }
  return lanes;
}
