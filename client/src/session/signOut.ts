/**
 * Signing out that survives a lost connection. The session cookie is HttpOnly, so only the server
 * can end it: when the request cannot reach the server, the browser remembers that a sign-out is
 * owed and sends it before anything else at the next start or when the network returns, so a
 * shared computer never reopens the previous user's session.
 */
import { ApiError, type ApiClient } from '../api/ApiClient.ts';
import { placeOf } from '../sync/RoomHub.ts';
import { unsavedPlaces } from '../sync/syncSummary.ts';

const PENDING_KEY = 'concord-signout-pending';

/** Whether a sign-out could not reach the server yet. */
export function signOutPending(): boolean {
  return localStorage.getItem(PENDING_KEY) !== null;
}

/**
 * Ends the session on the server. Resolves true once the server has ended it (or it had already
 * ended: 401), false when the server could not be reached; the sign-out then stays owed.
 */
export async function endSession(api: ApiClient): Promise<boolean> {
  localStorage.setItem(PENDING_KEY, new Date().toISOString());
  try {
    await api.send('POST', '/api/auth/logout');
  } catch (err) {
    if (!(err instanceof ApiError)) return false;
    // Any answer from the server but an outage means the session is not usable any more.
    if (err.status >= 500) return false;
  }
  localStorage.removeItem(PENDING_KEY);
  return true;
}

/** How to describe edits not yet saved, per room name, for a person: "edits to 2 documents". */
export function describeUnsent(unsent: ReadonlyMap<string, number>): string {
  return `Edits to ${unsavedPlaces([...unsent].map(([room, count]) => ({ place: placeOf(room), unsent: count })))}`;
}
