/** Per-coder progress on a document: how much of it they coded, and whether they marked it done. Pure. */

/** A coded span of one coder; positions in any one unit, half-open. */
export interface CoderSpan {
  coder: string;
  start: number;
  end: number;
}

export interface CoderProgress {
  coder: string;
  /** Number of codings. */
  codings: number;
  /** Share of the text covered by at least one of their codings, 0..1. */
  coverage: number;
  done: boolean;
}

/** Progress of each coder named in `coders`, in that order. */
export function coderProgress(
  length: number,
  spans: readonly CoderSpan[],
  completed: readonly string[],
  coders: readonly string[],
): CoderProgress[] {
  return coders.map((coder) => {
    const own = spans.filter((s) => s.coder === coder);
    return {
      coder,
      codings: own.length,
      coverage: length > 0 ? coveredLength(own) / length : 0,
      done: completed.includes(coder),
    };
  });
}

/** Length of the union of spans. */
export function coveredLength(spans: readonly { start: number; end: number }[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let runStart = -1;
  let runEnd = -1;
  for (const s of sorted) {
    if (s.end <= s.start) continue;
    if (s.start > runEnd) {
      total += runEnd - runStart;
      runStart = s.start;
      runEnd = s.end;
    } else if (s.end > runEnd) {
      runEnd = s.end;
    }
  }
  return total + (runEnd - runStart);
}

/**
 * The coders whose progress a project's documents show: every member with the coder role, then
 * anyone else whose layer holds codings or a done mark in some document — an owner or reviewer
 * who codes is a coder too (agreement counts them) — in the order first met. Layers in `exclude`
 * (the consensus, which the caller places) are left out.
 */
export function codersToShow(
  roleCoders: readonly string[],
  documents: readonly { codings: readonly CoderSpan[]; completed: readonly string[] }[],
  exclude: ReadonlySet<string>,
): string[] {
  const shown = [...roleCoders];
  const seen = new Set(shown);
  for (const d of documents) {
    for (const coder of [...d.codings.map((c) => c.coder), ...d.completed]) {
      if (seen.has(coder) || exclude.has(coder)) continue;
      seen.add(coder);
      shown.push(coder);
    }
  }
  return shown;
}
