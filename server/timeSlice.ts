/**
 * Long work on the event loop, cut into slices: a server that reads and analyses a whole large
 * project in one go holds its event loop for seconds, and every socket of every room waits for it
 * (live sync stalls while a supervisor exports). Work that calls the slicer between its steps
 * gives way to everything queued once a slice is spent, so no stretch lasts much longer than one
 * slice plus one step.
 */

/** Resolves in a later turn of the event loop, after I/O already pending (`setImmediate`). */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** Awaited between steps of long work: resolves at once until the slice is spent, then yields. */
export type Slicer = () => Promise<void>;

/** How long one slice of work may hold the event loop, ms (well under the 100 ms of docs/capacity.md). */
export const SLICE_MS = 20;

/**
 * A slicer for one piece of work (make one per call: it holds when the current slice began).
 * When `sliceMs` (default `SLICE_MS`) have passed since the slice began, the next call waits for
 * `setImmediate` (after pending I/O) and starts a new slice. `now` is a clock in ms.
 */
export function timeSlicer(sliceMs: number = SLICE_MS, now: () => number = () => performance.now()): Slicer {
  let began = now();
  return async () => {
    if (now() - began < sliceMs) return;
    await nextTurn();
    began = now();
  };
}

/**
 * `fn` over `items` in order, `batch` at a time side by side (I/O of one batch overlaps, as with a
 * remote database), calling `slice` between batches. Answers the results in the items' order.
 */
export async function mapInSlices<T, R>(
  items: readonly T[],
  fn: (item: T) => Promise<R>,
  slice: Slicer,
  batch = 16,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += batch) {
    results.push(...(await Promise.all(items.slice(i, i + batch).map(fn))));
    await slice();
  }
  return results;
}
