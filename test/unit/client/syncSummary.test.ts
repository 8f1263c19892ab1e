import { describe, expect, it } from 'vitest';
import { summarizeRooms, type RoomState } from '../../../client/src/sync/syncSummary.ts';
import { readCookie } from '../../../client/src/api/cookies.ts';

const room = (over: Partial<RoomState> = {}): RoomState => ({
  connected: true,
  synced: true,
  refused: null,
  pending: false,
  ...over,
});

describe('sync indicator summary', () => {
  it('is synced only when every room is connected, synced and has nothing pending', () => {
    expect(summarizeRooms([room(), room()]).level).toBe('synced');
    expect(summarizeRooms([room(), room({ synced: false })]).level).toBe('syncing');
    expect(summarizeRooms([room({ pending: true })]).level).toBe('syncing');
    expect(summarizeRooms([]).level).toBe('idle');
  });

  it('says offline, and that changes are kept locally, when a room lost its connection', () => {
    const offline = summarizeRooms([room({ connected: false, pending: true }), room()]);
    expect(offline).toMatchObject({ level: 'offline', pendingRooms: 1 });
    expect(offline.label).toMatch(/kept in this browser/);
    expect(summarizeRooms([room({ connected: false })]).label).toMatch(/reconnecting/);
  });

  it('leaves out rooms the server refused for good', () => {
    expect(summarizeRooms([room({ connected: false, refused: 4403 }), room()]).level).toBe('synced');
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
