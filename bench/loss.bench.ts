/**
 * Updates lost after `kill -9`, for Concord (durable, SQLite), Hocuspocus (extension-database on
 * better-sqlite3, default store debounce) and the in-memory reference relay: one crash each, since
 * the count is exact rather than a timing. Also a row of the relay section's table.
 */
import { concordPeer, hocuspocusPeer, referencePeer } from './killablePeers.ts';
import { measureLossAfterKill } from './lossAfterKill.ts';
import type { BenchSection } from './run.ts';
import type { BenchRow } from './table.ts';

/** Updates written before each crash (`BENCH_LOSS_UPDATES`, default 1000). */
const UPDATES = Number(process.env.BENCH_LOSS_UPDATES ?? 1000);

/**
 * Crashes each server once after its clients saw `updates` updates and returns the row: Concord's
 * count as the value, the reference's as the reference, Hocuspocus's as a peer column. Target:
 * Concord loses none.
 */
export async function lossRow(updates: number = UPDATES): Promise<BenchRow> {
  const concord = await measureLossAfterKill(concordPeer, updates);
  const hocuspocus = await measureLossAfterKill(hocuspocusPeer, updates);
  const reference = await measureLossAfterKill(referencePeer, updates);
  return {
    name: `updates lost after kill -9 (of ${updates} seen by a client)`,
    unit: 'updates',
    value: concord.lost,
    reference: reference.lost,
    peers: { Hocuspocus: hocuspocus.lost },
    target: '0',
    met: concord.lost === 0,
  };
}

export const section: BenchSection = {
  title: `Updates lost after kill -9: Concord (SQLite), Hocuspocus (SQLite, store debounced), reference relay (memory)`,
  run: async () => [await lossRow()],
};
