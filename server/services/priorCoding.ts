/**
 * Which coders have already worked on a document: a layer with a coding in it, or the document
 * marked done. Rounds use it to keep blind samples free of coding made in the open, and the even
 * split to leave out documents already double-coded (docs/rounds.md). Only layers with stored
 * state are loaded, so documents nobody opened cost one query.
 */
import { codingsMap, isCompleted } from '../../shared/model/layer.ts';
import { CONSENSUS, isRecodeLayer, roomName } from '../../shared/protocol.ts';
import type { ServiceDeps } from './ProjectService.ts';

/**
 * The coders (of `coders`, or every coder with a layer when omitted; never the consensus layer
 * or recode layers) who have coded the document or marked it done, in id order.
 */
export async function codersWhoCoded(
  deps: Pick<ServiceDeps, 'storage' | 'registry'>,
  documentId: string,
  coders?: readonly string[],
): Promise<string[]> {
  const { storage, registry } = deps;
  const prefix = roomName.layer(documentId, '');
  const keys =
    coders ??
    (await storage.listRooms(prefix))
      .map((r) => r.slice(prefix.length))
      .filter((k) => k !== CONSENSUS && !isRecodeLayer(k));
  const rooms = keys.map((c) => roomName.layer(documentId, c));
  const stored = await storage.lastSeqs(rooms);
  const worked: string[] = [];
  for (const [i, room] of rooms.entries()) {
    if (!stored.has(room)) continue;
    const coded = await registry.withRoom(room, (r) => isCompleted(r.doc) || codingsMap(r.doc).size > 0);
    if (coded) worked.push(keys[i]!);
  }
  return worked.sort();
}
