/** Long work in time slices: when it gives way, and that what runs in slices keeps its order. */
import { describe, expect, it } from 'vitest';
import { mapInSlices, timeSlicer } from '../../../server/timeSlice.ts';

describe('timeSlicer', () => {
  it('resolves at once within a slice and gives way to queued callbacks once the slice is spent', async () => {
    let clock = 0;
    const slice = timeSlicer(20, () => clock);
    let ranBetween = false;
    setImmediate(() => (ranBetween = true));
    clock = 19;
    await slice();
    // Within the slice nothing else was let in.
    expect(ranBetween).toBe(false);
    clock = 20;
    await slice();
    expect(ranBetween).toBe(true);
  });

  it('starts a new slice after giving way', async () => {
    let clock = 0;
    const slice = timeSlicer(10, () => clock);
    clock = 15;
    await slice();
    let ranBetween = false;
    setImmediate(() => (ranBetween = true));
    clock = 24;
    await slice();
    expect(ranBetween).toBe(false);
  });
});

describe('mapInSlices', () => {
  it('answers the results in the order of the items, batch by batch, slicing between batches', async () => {
    const started: number[] = [];
    let slices = 0;
    const results = await mapInSlices(
      [1, 2, 3, 4, 5, 6, 7],
      async (n) => {
        started.push(n);
        // Later items of a batch finish first: the order must come from the items, not completion.
        await new Promise((resolve) => setImmediate(resolve));
        return n * 10;
      },
      async () => {
        slices++;
      },
      3,
    );
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(slices).toBe(3);
  });
});
