/**
 * The kill -9 loss counter, against real server processes: it finds the loss of a server known to
 * lose (Hocuspocus, whose store waits a debounce after the last change — ten minutes here, so the
 * outcome does not depend on the machine's speed — killed as soon as a second client has seen every
 * update) and reports none for one known to keep everything it relayed
 * (Concord, which stores before it relays), on SQLite and, when CONCORD_TEST_DATABASE_URL is set,
 * on PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { concordPeer, concordPeerWith, hocuspocusPeerWith } from '../../bench/killablePeers.ts';
import { measureLossAfterKill } from '../../bench/lossAfterKill.ts';
import { createTestSchema, skipWithout, TEST_DATABASE_URL } from '../helpers/services.ts';

const UPDATES = 200;
/** Long enough that Hocuspocus cannot store before the kill, however slow the machine. */
const LONG_DEBOUNCE_MS = 10 * 60_000;

describe('updates lost after kill -9', () => {
  it('finds the updates Hocuspocus had not yet stored when it was killed', async () => {
    const count = await measureLossAfterKill(hocuspocusPeerWith({ debounceMs: LONG_DEBOUNCE_MS }), UPDATES);
    expect(count.written).toBe(UPDATES);
    // Nothing was stored before the kill: every update is lost.
    expect(count.lost).toBe(UPDATES);
    expect(count.lostKeys).toHaveLength(count.lost);
  }, 60_000);

  it('finds none lost by Concord, which stores every update before relaying it', async () => {
    const count = await measureLossAfterKill(concordPeer, UPDATES);
    expect(count).toEqual({ written: UPDATES, lost: 0, lostKeys: [] });
  }, 60_000);

  it.skipIf(skipWithout('loss after kill -9 on PostgreSQL', { database: true }))(
    'finds none lost by Concord on PostgreSQL',
    async () => {
      const schema = await createTestSchema(TEST_DATABASE_URL!);
      try {
        const peer = concordPeerWith({ DATABASE_URL: TEST_DATABASE_URL!, DATABASE_SCHEMA: schema.name });
        const count = await measureLossAfterKill(peer, UPDATES);
        expect(count).toEqual({ written: UPDATES, lost: 0, lostKeys: [] });
      } finally {
        await schema.drop();
      }
    },
    60_000,
  );
});
