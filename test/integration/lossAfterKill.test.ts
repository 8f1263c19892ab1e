/**
 * The kill -9 loss counter, against real server processes: it finds the loss of a server known to
 * lose (Hocuspocus, which stores a document 2 s after its last change, killed as soon as a second
 * client has seen every update) and reports none for one known to keep everything it relayed
 * (Concord, which stores before it relays).
 */
import { describe, expect, it } from 'vitest';
import { concordPeer, hocuspocusPeer } from '../../bench/killablePeers.ts';
import { measureLossAfterKill } from '../../bench/lossAfterKill.ts';

const UPDATES = 200;

describe('updates lost after kill -9', () => {
  it('finds the updates Hocuspocus had not yet stored when it was killed', async () => {
    const count = await measureLossAfterKill(hocuspocusPeer, UPDATES);
    expect(count.written).toBe(UPDATES);
    expect(count.lost).toBeGreaterThan(0);
    expect(count.lostKeys).toHaveLength(count.lost);
  }, 60_000);

  it('finds none lost by Concord, which stores every update before relaying it', async () => {
    const count = await measureLossAfterKill(concordPeer, UPDATES);
    expect(count).toEqual({ written: UPDATES, lost: 0, lostKeys: [] });
  }, 60_000);
});
