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
    expect(summarizeRooms([room({ unsent: 1, place: 'doc1' })])).toMatchObject({
      level: 'syncing',
      unsent: 1,
      label: 'Saving edits to 1 document…',
    });
    expect(summarizeRooms([]).level).toBe('idle');
  });

  it('counts the edits waiting in every room, and names the places rather than a count of edits', () => {
    const summary = summarizeRooms([
      room({ unsent: 3, place: 'doc1' }),
      room({ unsent: 2, place: 'doc1' }),
      room({ unsent: 4, place: 'doc2' }),
      room({ unsent: 1, place: 'codebook' }),
      room({ place: 'doc3' }),
    ]);
    expect(summary).toMatchObject({
      unsent: 10,
      pendingRooms: 4,
      label: 'Saving edits to 2 documents and the codebook…',
    });
  });

  it('says offline, how many changes wait and where they are kept, when a room lost its connection', () => {
    const offline = summarizeRooms(
      [room({ connected: false, unsent: 4, place: 'doc1' }), room()],
      true,
      false,
    );
    expect(offline).toMatchObject({ level: 'offline', pendingRooms: 1, unsent: 4 });
    expect(offline.label).toBe('Offline — edits to 1 document kept in this browser');
    expect(summarizeRooms([room({ connected: false, unsent: 1, place: 'doc1' })], false, false).label).toBe(
      'Offline — edits to 1 document not saved yet',
    );
    expect(summarizeRooms([room({ connected: false })], true, false).label).toBe('Offline — reconnecting');
    // The network is there but the server does not answer.
    expect(summarizeRooms([room({ connected: false, unsent: 2, place: 'doc1' })]).label).toBe(
      'Can’t reach the server — edits to 1 document kept in this browser',
    );
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
