/** What the connection indicator shows, from the state of each open room. Pure. */
import { CloseCode } from '../../../shared/protocol.ts';

/** One room's connection as the indicator sees it. */
export interface RoomState {
  connected: boolean;
  synced: boolean;
  /** Close code when the server refused the room for good. */
  refused: number | null;
  /** Local changes the server has not confirmed yet. */
  pending: boolean;
}

export type SyncLevel = 'idle' | 'synced' | 'syncing' | 'offline';

export interface SyncSummary {
  level: SyncLevel;
  rooms: number;
  /** Rooms with local changes that have not reached the server yet. */
  pendingRooms: number;
  /** Short text for the indicator. */
  label: string;
}

export function summarizeRooms(rooms: readonly RoomState[]): SyncSummary {
  const live = rooms.filter((r) => r.refused === null);
  const pendingRooms = live.filter((r) => r.pending).length;
  // An edit too large to save stops its room for good: say so until the page is reloaded.
  const tooLarge = rooms.filter((r) => r.refused === CloseCode.roomTooLarge).length;
  if (tooLarge > 0) {
    return {
      level: 'offline',
      rooms: live.length,
      pendingRooms,
      label: 'An edit was too large to save — reload the page to go on',
    };
  }
  if (live.length === 0) return { level: 'idle', rooms: 0, pendingRooms, label: 'Online' };
  const offline = live.filter((r) => !r.connected).length;
  if (offline > 0) {
    return {
      level: 'offline',
      rooms: live.length,
      pendingRooms,
      label:
        pendingRooms > 0
          ? `Offline — ${pendingRooms === 1 ? 'changes' : 'changes in ' + pendingRooms + ' rooms'} kept in this browser`
          : 'Offline — reconnecting',
    };
  }
  const syncing = live.filter((r) => !r.synced).length;
  if (syncing > 0 || pendingRooms > 0) {
    return { level: 'syncing', rooms: live.length, pendingRooms, label: 'Syncing…' };
  }
  return { level: 'synced', rooms: live.length, pendingRooms, label: 'All changes saved' };
}
