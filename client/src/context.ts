/** What every page receives from the app shell: the API, the rooms, and who is signed in. */
import type { ApiClient } from './api/ApiClient.ts';
import type { SyncLimits } from '../../shared/protocol.ts';
import type { User } from '../../shared/schemas.ts';
import type { RoomHub } from './sync/RoomHub.ts';

export interface AppContext {
  api: ApiClient;
  hub: RoomHub;
  user: User;
  /** What the sync endpoint accepts (`GET /api/limits`); null until it has been read. */
  limits: SyncLimits | null;
}
