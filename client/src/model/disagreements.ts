/**
 * The disagreement queue: regions of a document where coders differ, and what accepting one
 * coder's version (or several) writes into the consensus. Positions are code points, half-open,
 * as the REST API gives them. Pure.
 */

/** One coder's coding. */
export interface CoderCoding {
  id: string;
  coder: string;
  code: string;
  start: number;
  end: number;
}

/** A stretch where at least one code is applied by some coders and not by others. */
export interface Region {
  /** Names the region by the codings in dispute; changes when they change. */
  key: string;
  start: number;
  end: number;
  /** Codes applied differently somewhere in the region. */
  codes: string[];
  /** Every compared coder's codings of those codes that reach into the region. */
  codings: CoderCoding[];
}

interface Span {
  start: number;
  end: number;
}

/**
 * Regions where the coders differ. For each code, the text is cut at every coding boundary; a
 * piece covered by some of the coders but not all is in dispute, unless it is only white space
 * (a coding that takes in a line break more is not worth a reviewer's time). Disputed pieces that
 * touch are joined, and each region grows to the whole codings it cuts through, so a reviewer
 * always compares complete codings. Only `coders` are compared (those who finished the document:
 * the others are missing, not disagreeing).
 */
export function disagreementRegions(
  text: string,
  codings: readonly CoderCoding[],
  coders: readonly string[],
): Region[] {
  if (coders.length < 2) return [];
  const compared = new Set(coders);
  const mine = codings.filter((c) => compared.has(c.coder) && c.end > c.start);
  const chars = [...text];
  const isBlank = (s: Span) => chars.slice(s.start, s.end).every((ch) => /\s/u.test(ch));

  // Disputed pieces, per code.
  const disputed: (Span & { code: string })[] = [];
  const byCode = groupBy(mine, (c) => c.code);
  for (const [code, list] of byCode) {
    const cuts = [...new Set(list.flatMap((c) => [c.start, c.end]))].sort((a, b) => a - b);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const piece = { start: cuts[i]!, end: cuts[i + 1]! };
      const covering = new Set(
        list.filter((c) => c.start <= piece.start && piece.end <= c.end).map((c) => c.coder),
      );
      if (covering.size > 0 && covering.size < compared.size && !isBlank(piece))
        disputed.push({ ...piece, code });
    }
  }
  if (disputed.length === 0) return [];

  // Join touching pieces, grow to whole codings of the disputed codes, repeat until stable.
  disputed.sort((a, b) => a.start - b.start);
  let regions = joinTouching(disputed.map((d) => ({ start: d.start, end: d.end, codes: new Set([d.code]) })));
  for (;;) {
    const grown = regions.map((r) => {
      let { start, end } = r;
      for (const c of mine) {
        if (r.codes.has(c.code) && c.start < r.end && r.start < c.end) {
          start = Math.min(start, c.start);
          end = Math.max(end, c.end);
        }
      }
      return { start, end, codes: r.codes };
    });
    const joined = joinTouching(grown);
    const stable =
      joined.length === regions.length &&
      joined.every((r, i) => r.start === regions[i]!.start && r.end === regions[i]!.end);
    regions = joined;
    if (stable) break;
  }

  return regions.map((r) => {
    const inside = mine
      .filter((c) => r.codes.has(c.code) && c.start < r.end && r.start < c.end)
      .sort(
        (a, b) =>
          a.start - b.start ||
          a.end - b.end ||
          a.coder.localeCompare(b.coder) ||
          a.code.localeCompare(b.code),
      );
    const codes = [...r.codes].sort();
    return {
      key: regionKey(codes, inside),
      start: r.start,
      end: r.end,
      codes,
      codings: inside,
    };
  });
}

/**
 * What accepting `accepted` coders' versions of a region puts into the consensus: their codings,
 * with overlapping or touching codings of the same code merged into one.
 */
export function acceptedCodings(
  region: Region,
  accepted: readonly string[],
): { code: string; start: number; end: number }[] {
  const chosen = region.codings.filter((c) => accepted.includes(c.coder));
  const out: { code: string; start: number; end: number }[] = [];
  for (const [code, list] of groupBy(chosen, (c) => c.code)) {
    for (const span of joinTouching(
      [...list]
        .sort((a, b) => a.start - b.start)
        .map((c) => ({ start: c.start, end: c.end, codes: new Set<string>() })),
    )) {
      out.push({ code, start: span.start, end: span.end });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}

/**
 * What every compared coder agrees on: per code, the stretches all of them covered. The review
 * starts the consensus from these, then settles the disputed regions.
 */
export function agreedCodings(
  codings: readonly CoderCoding[],
  coders: readonly string[],
): { code: string; start: number; end: number }[] {
  if (coders.length === 0) return [];
  const compared = new Set(coders);
  const out: { code: string; start: number; end: number }[] = [];
  for (const [code, list] of groupBy(
    codings.filter((c) => compared.has(c.coder) && c.end > c.start),
    (c) => c.code,
  )) {
    const cuts = [...new Set(list.flatMap((c) => [c.start, c.end]))].sort((a, b) => a - b);
    const pieces: (Span & { codes: Set<string> })[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const piece = { start: cuts[i]!, end: cuts[i + 1]! };
      const covering = new Set(
        list.filter((c) => c.start <= piece.start && piece.end <= c.end).map((c) => c.coder),
      );
      if (covering.size === compared.size) pieces.push({ ...piece, codes: new Set() });
    }
    for (const span of joinTouching(pieces)) out.push({ code, start: span.start, end: span.end });
  }
  return out.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}

/** A short, stable key: FNV-1a over the disputed codes and codings. */
export function regionKey(codes: readonly string[], codings: readonly CoderCoding[]): string {
  const source = `${codes.join(',')}|${codings.map((c) => `${c.coder}:${c.code}:${c.start}:${c.end}`).join(';')}`;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < source.length; i++) {
    const ch = source.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 16777619);
    h2 = Math.imul(h2 ^ ch, 2246822519);
  }
  return `r${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`;
}

function joinTouching<T extends Span & { codes: Set<string> }>(
  spans: readonly T[],
): (Span & { codes: Set<string> })[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: (Span & { codes: Set<string> })[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) {
      last.end = Math.max(last.end, s.end);
      for (const c of s.codes) last.codes.add(c);
    } else {
      out.push({ start: s.start, end: s.end, codes: new Set(s.codes) });
    }
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** A piece of a passage and the codes covering it, for drawing one coder's version. */
export interface Piece {
  start: number;
  end: number;
  codes: string[];
}

/** Cuts `[start, end)` at every boundary of the codings and lists the codes over each piece. */
export function highlightPieces(
  start: number,
  end: number,
  codings: readonly { code: string; start: number; end: number }[],
): Piece[] {
  const cuts = new Set([start, end]);
  for (const c of codings) {
    if (c.start > start && c.start < end) cuts.add(c.start);
    if (c.end > start && c.end < end) cuts.add(c.end);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const s = sorted[i]!;
    const e = sorted[i + 1]!;
    const codes = [...new Set(codings.filter((c) => c.start <= s && e <= c.end).map((c) => c.code))].sort();
    pieces.push({ start: s, end: e, codes });
  }
  return pieces;
}
