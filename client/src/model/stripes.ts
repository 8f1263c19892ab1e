/**
 * Coding stripes in the margin, NVivo style: each coding is a vertical bar beside the lines it
 * covers, in its code's colour. Bars are grouped by coder (one block of lanes per layer) and a
 * coding keeps one lane from its first line to its last, so a stripe reads as one unbroken bar.
 * Pure: lines in, lanes out.
 */

/** A coding as the margin sees it: the lines it covers (1-based, inclusive). */
export interface StripeItem {
  id: string;
  /** The layer (coder) the coding belongs to; each gets its own block of lanes. */
  group: string;
  startLine: number;
  endLine: number;
}

/** A placed stripe: its lane within the group, or -1 when the group's lanes were full. */
export interface PlacedStripe {
  id: string;
  group: string;
  startLine: number;
  endLine: number;
  /** Lane across the whole margin (group offset included); -1 when it did not fit. */
  lane: number;
}

export interface StripeLayout {
  stripes: PlacedStripe[];
  /** Lanes in the margin, all groups together. */
  laneCount: number;
  /** First lane of each group, in the order groups were given. */
  groupOffsets: Map<string, number>;
  /** Per line: codings that did not fit their group's lanes (shown as a "+n" mark). */
  overflow: Map<number, number>;
}

/**
 * Greedy interval partitioning per group (optimal: it uses as many lanes as the most codings
 * overlapping on one line), capped at `maxLanesPerGroup`. Groups appear in the order given.
 */
export function layoutStripes(
  items: readonly StripeItem[],
  groups: readonly string[],
  maxLanesPerGroup = 6,
): StripeLayout {
  const byGroup = new Map<string, StripeItem[]>(groups.map((g) => [g, []]));
  for (const item of items) byGroup.get(item.group)?.push(item);
  const stripes: PlacedStripe[] = [];
  const groupOffsets = new Map<string, number>();
  const overflow = new Map<number, number>();
  let offset = 0;
  for (const group of groups) {
    const list = byGroup.get(group)!;
    // Longer codings first among those starting on the same line, so they take the inner lanes.
    list.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine || (a.id < b.id ? -1 : 1));
    const laneEnds: number[] = [];
    for (const item of list) {
      let lane = laneEnds.findIndex((end) => end < item.startLine);
      if (lane < 0 && laneEnds.length < maxLanesPerGroup) {
        lane = laneEnds.length;
        laneEnds.push(0);
      }
      if (lane < 0) {
        for (let line = item.startLine; line <= item.endLine; line++) {
          overflow.set(line, (overflow.get(line) ?? 0) + 1);
        }
        stripes.push({ ...item, lane: -1 });
        continue;
      }
      laneEnds[lane] = item.endLine;
      stripes.push({ ...item, lane: offset + lane });
    }
    groupOffsets.set(group, offset);
    offset += laneEnds.length;
  }
  return { stripes, laneCount: offset, groupOffsets, overflow };
}

/** One bar on one line. */
export interface LineSegment {
  id: string;
  lane: number;
  /** The coding starts on this line (round the top) / ends on it (round the bottom). */
  first: boolean;
  last: boolean;
}

/** The bars to draw on each line, by line number. */
export function segmentsByLine(layout: StripeLayout): Map<number, LineSegment[]> {
  const lines = new Map<number, LineSegment[]>();
  for (const s of layout.stripes) {
    if (s.lane < 0) continue;
    for (let line = s.startLine; line <= s.endLine; line++) {
      let list = lines.get(line);
      if (!list) lines.set(line, (list = []));
      list.push({ id: s.id, lane: s.lane, first: line === s.startLine, last: line === s.endLine });
    }
  }
  return lines;
}
