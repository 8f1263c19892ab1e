/** Per-coder progress on a document: how much of it they coded, and whether they marked it done. Pure. */
import { coveredLength, type DocumentProgress } from '../../../shared/progress/progress.ts';

export { coveredLength };

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

/**
 * Progress of each coder named in `coders`, in that order, from the server's progress of one
 * document (`GET /api/projects/:id/progress`); a layer the answer does not hold (not coded yet,
 * or not visible to the caller) counts as nothing coded.
 */
export function progressFromLayers(document: DocumentProgress, coders: readonly string[]): CoderProgress[] {
  const byCoder = new Map(document.layers.map((l) => [l.coder, l]));
  return coders.map((coder) => {
    const layer = byCoder.get(coder);
    return {
      coder,
      codings: layer?.codings ?? 0,
      coverage: layer && document.length > 0 ? layer.covered / document.length : 0,
      done: layer?.done ?? false,
    };
  });
}

/**
 * {@link codersToShow} from the server's progress: a layer holding codings or a done mark makes
 * its coder one to show.
 */
export function codersInProgress(
  roleCoders: readonly string[],
  documents: readonly DocumentProgress[],
  exclude: ReadonlySet<string>,
): string[] {
  return codersToShow(
    roleCoders,
    documents.map((d) => ({
      codings: d.layers.filter((l) => l.codings > 0).map((l) => ({ coder: l.coder, start: 0, end: 0 })),
      completed: d.layers.filter((l) => l.done).map((l) => l.coder),
    })),
    exclude,
  );
}
