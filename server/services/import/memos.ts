/**
 * An import's memos (REFI notes on the project, sources and codes): their rooms, built in memory
 * like the other rooms of an import, and their rows for the import's commit.
 */
import * as Y from 'yjs';
import type { PortableMemo } from '../../../shared/interchange/portableMemos.ts';
import { initMemoDoc } from '../../../shared/model/memo.ts';
import { CONSENSUS, roomName } from '../../../shared/protocol.ts';
import type { StoredMemo } from '../../storage/Storage.ts';
import type { ImportPlan, RoomContent } from './buildRooms.ts';

/** Each memo's room, holding its body as one update. */
export function buildMemoRooms(plan: ImportPlan): RoomContent[] {
  return (plan.project.memos ?? []).map((memo) => {
    const doc = new Y.Doc();
    initMemoDoc(doc, memo.text);
    return { name: roomName.memo(plan.projectId, memoId(plan, memo)), update: Y.encodeStateAsUpdate(doc) };
  });
}

/**
 * The memos' rows: authors are the users the file's coders became (the importer for a memo
 * without one, or by the consensus), links point at the new documents and codes.
 */
export function importedMemos(
  plan: ImportPlan,
  importerId: string,
  now: string,
): Omit<StoredMemo, 'authorName'>[] {
  return (plan.project.memos ?? []).map((memo) => {
    const layer = memo.author === null ? undefined : plan.layerIds.get(memo.author);
    const createdAt = memo.createdAt ?? now;
    return {
      id: memoId(plan, memo),
      projectId: plan.projectId,
      authorId: layer === undefined || layer === CONSENSUS ? importerId : layer,
      kind: memo.kind,
      title: memo.title,
      links: {
        codes: memo.codes.flatMap((c) => plan.codeIds.get(c) ?? []),
        documents: memo.documents.flatMap((d) => plan.documentIds.get(d) ?? []),
        passages: [],
      },
      body: memo.text,
      createdAt,
      updatedAt: memo.updatedAt ?? createdAt,
    };
  });
}

function memoId(plan: ImportPlan, memo: PortableMemo): string {
  const id = plan.memoIds?.get(memo.key);
  if (id === undefined) throw new Error(`import plan has no id for memo '${memo.key}'`);
  return id;
}
