/**
 * Counting updates lost across a server crash: which of the updates a client wrote are missing
 * from what a fresh client finds after the restart. Pure; the processes are in `lossAfterKill.ts`.
 */

/** What a loss count found. */
export interface LossCount {
  /** Updates written (and seen by an observing client before the crash). */
  written: number;
  /** How many of them a fresh client did not find after the restart. */
  lost: number;
  /** The keys of the lost updates, in the order they were written. */
  lostKeys: string[];
}

/** The `n` distinct keys the writer sets, one update each: `u0` … `u{n-1}`. */
export function updateKeys(n: number): string[] {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`need a positive whole number of updates, got ${n}`);
  return Array.from({ length: n }, (_, i) => `u${i}`);
}

/** Counts the `written` keys for which `present` (what survived the restart) says no. */
export function countLoss(written: readonly string[], present: (key: string) => boolean): LossCount {
  const lostKeys = written.filter((key) => !present(key));
  return { written: written.length, lost: lostKeys.length, lostKeys };
}
