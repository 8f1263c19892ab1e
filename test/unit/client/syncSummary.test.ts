import { describe, expect, it } from 'vitest';
import { summarizeRooms, type RoomState } from '../../../client/src/sync/syncSummary.ts';
import { readCookie } from '../../../client/src/api/cookies.ts';
import { AckCounter } from '../../../client/src/sync/acknowledgements.ts';

const room = (over: Partial<RoomState> = {}): RoomState => ({
  connected: true,
  synced: true,
  refused: null,
  unsent: 0,
  ...over,
});

describe('sync indicator summary', () => {
  it('says saved only when every room is connected, synced and has nothing unconfirmed', () => {
    expect(summarizeRooms([room(), room()])).toMatchObject({ level: 'synced', label: 'All changes saved' });
    expect(summarizeRooms([room(), room({ synced: false })]).level).toBe('syncing');
    expect(summarizeRooms([room({ unsent: 1 })])).toMatchObject({
      level: 'syncing',
      unsent: 1,
      label: 'Saving 1 change…',
    });
    expect(summarizeRooms([]).level).toBe('idle');
  });

  it('counts the changes waiting in every room', () => {
    const summary = summarizeRooms([room({ unsent: 3 }), room({ unsent: 2 }), room()]);
    expect(summary).toMatchObject({ unsent: 5, pendingRooms: 2, label: 'Saving 5 changes…' });
  });

  it('says offline, how many changes wait and where they are kept, when a room lost its connection', () => {
    const offline = summarizeRooms([room({ connected: false, unsent: 4 }), room()]);
    expect(offline).toMatchObject({ level: 'offline', pendingRooms: 1, unsent: 4 });
    expect(offline.label).toBe('Offline — 4 changes kept in this browser');
    expect(summarizeRooms([room({ connected: false, unsent: 1 })], false).label).toBe(
      'Offline — 1 change not saved yet',
    );
    expect(summarizeRooms([room({ connected: false })]).label).toBe('Offline — reconnecting');
  });

  it('leaves out rooms the server refused for good', () => {
    expect(summarizeRooms([room({ connected: false, refused: 4403, unsent: 2 }), room()]).level).toBe(
      'synced',
    );
  });
});

describe('acknowledgement counter', () => {
  it('confirms only changes made before a question that was answered', () => {
    const c = new AckCounter();
    c.connected();
    expect(c.shouldAsk(false)).toBe(false);
    c.changed();
    // The provider's own first question is pending: its answer confirms nothing.
    c.answered();
    expect(c.unsent).toBe(1);
    expect(c.shouldAsk(true)).toBe(true);
    c.asking();
    expect(c.shouldAsk(true)).toBe(false);
    c.changed();
    c.answered();
    expect(c.unsent).toBe(1);
    expect(c.shouldAsk(true)).toBe(true);
    c.asking();
    c.answered();
    expect(c.unsent).toBe(0);
    expect(c.shouldAsk(true)).toBe(false);
  });

  it('forgets questions on a closed connection and starts from what a page left', () => {
    const c = new AckCounter(2);
    expect(c.unsent).toBe(2);
    c.connected();
    c.answered();
    c.asking();
    c.disconnected();
    expect(c.shouldAsk(true)).toBe(false);
    c.answered();
    expect(c.unsent).toBe(2);
    c.connected();
    c.answered();
    c.asking();
    c.answered();
    expect(c.unsent).toBe(0);
  });

  it('says so when an edit was too large to save (4413), until the page is reloaded', () => {
    const summary = summarizeRooms([room({ connected: false, refused: 4413 }), room()]);
    expect(summary.level).toBe('offline');
    expect(summary.label).toMatch(/too large to save.*reload/);
  });
});

describe('cookies', () => {
  it('reads one cookie by exact name, decoding its value', () => {
    const header = 'a=1; concord_csrf=x%2By; concord_csrf_old=z';
    expect(readCookie(header, 'concord_csrf')).toBe('x+y');
    expect(readCookie(header, 'missing')).toBeNull();
    expect(readCookie('', 'a')).toBeNull();
  });
});
