/** What the connection indicator shows, from the state of each open room. Pure. */
import { CloseCode } from '../../../shared/protocol.ts';

/** One room's connection as the indicator sees it. */
export interface RoomState {
  connected: boolean;
  synced: boolean;
  /** Close code when the server refused the room for good. */
  refused: number | null;
  /** Changes made in this browser that the server has not confirmed as stored. */
  unsent: number;
}

export type SyncLevel = 'idle' | 'synced' | 'syncing' | 'offline';

export interface SyncSummary {
  level: SyncLevel;
  rooms: number;
  /** Rooms with local changes that have not reached the server yet. */
  pendingRooms: number;
  /** Changes made in this browser that the server has not confirmed as stored, all rooms together. */
  unsent: number;
  /** Short text for the indicator. */
  label: string;
}

/**
 * "All changes saved" only when the server has confirmed every change this browser made; otherwise
 * how many changes are waiting and where they are kept (`persisted`: in this browser's storage).
 */
export function summarizeRooms(rooms: readonly RoomState[], persisted = true): SyncSummary {
  const live = rooms.filter((r) => r.refused === null);
  const pendingRooms = live.filter((r) => r.unsent > 0).length;
  const unsent = live.reduce((sum, r) => sum + r.unsent, 0);
  const changes = `${unsent} ${unsent === 1 ? 'change' : 'changes'}`;
  const base = { rooms: live.length, pendingRooms, unsent };
  // An edit too large to save stops its room for good: say so until the page is reloaded.
  const tooLarge = rooms.filter((r) => r.refused === CloseCode.roomTooLarge).length;
  if (tooLarge > 0) {
    return { level: 'offline', ...base, label: 'An edit was too large to save — reload the page to go on' };
  }
  if (live.length === 0) return { level: 'idle', ...base, label: 'Online' };
  const offline = live.filter((r) => !r.connected).length;
  if (offline > 0) {
    const label =
      unsent === 0
        ? 'Offline — reconnecting'
        : persisted
          ? `Offline — ${changes} kept in this browser`
          : `Offline — ${changes} not saved yet`;
    return { level: 'offline', ...base, label };
  }
  if (unsent > 0) return { level: 'syncing', ...base, label: `Saving ${changes}…` };
  const syncing = live.filter((r) => !r.synced).length;
  if (syncing > 0) return { level: 'syncing', ...base, label: 'Syncing…' };
  return { level: 'synced', ...base, label: 'All changes saved' };
}
