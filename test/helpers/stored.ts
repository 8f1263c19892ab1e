/** What storage holds for a room, read back into a document: snapshot, then the log. */
import * as Y from 'yjs';
import type { TestServer } from './server.ts';

/** The room's stored state as a fresh document (nothing of the loaded room is used). */
export async function storedDoc(server: TestServer, room: string): Promise<Y.Doc> {
  const log = await server.app.storage.loadRoom(room);
  const stored = new Y.Doc();
  if (log.snapshot) Y.applyUpdate(stored, log.snapshot);
  for (const u of log.updates) Y.applyUpdate(stored, u.data);
  return stored;
}

/** The stored transcript text of a `text:` room. */
export async function storedText(server: TestServer, room: string): Promise<string> {
  return (await storedDoc(server, room)).getText('content').toString();
}
