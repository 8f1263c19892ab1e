/**
 * Plain project data as the collaborative documents Concord keeps: the codebook, one text room
 * per document and one layer room per coder and document, each as a single Yjs update. Built in
 * memory before anything is written, so an import either has all of it or nothing.
 */
import * as Y from 'yjs';
import { CodePointIndex } from '../../../shared/model/codePoints.ts';
import { putCode } from '../../../shared/model/codebook.ts';
import { setCodeGroups } from '../../../shared/model/codeGroups.ts';
import { addCues } from '../../../shared/model/cues.ts';
import { addCoding, setCompleted } from '../../../shared/model/layer.ts';
import { initTextDoc } from '../../../shared/model/text.ts';
import { CONSENSUS, roomName } from '../../../shared/protocol.ts';
import type { PortableCoding, PortableProject } from '../../../shared/interchange/portable.ts';
import { completionOf } from '../../../shared/interchange/raters.ts';
import { buildMemoRooms } from './memos.ts';

/** How the file's keys become Concord ids. */
export interface ImportPlan {
  /** The project whose codebook room receives the codes. */
  projectId: string;
  project: PortableProject;
  documentIds: ReadonlyMap<string, string>;
  codeIds: ReadonlyMap<string, string>;
  codingIds: ReadonlyMap<string, string>;
  /** Layer per coder key: a user id, or `consensus`. */
  layerIds: ReadonlyMap<string, string>;
  /** Author of the consensus layer's codings (the importing user). */
  consensusAuthor: string;
  /** Whether to write the codebook room (not when adding documents to a project). */
  writeCodebook: boolean;
  /** Memo ids by memo key (REFI notes); absent: no memos. */
  memoIds?: ReadonlyMap<string, string>;
}

/** One room's whole initial content. */
export interface RoomContent {
  name: string;
  update: Uint8Array;
}

function required<T>(map: ReadonlyMap<string, T>, key: string, what: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`import plan has no id for ${what} '${key}'`);
  return value;
}

/** Builds every room of the plan. */
export function buildRooms(plan: ImportPlan): RoomContent[] {
  const { project } = plan;
  const rooms: RoomContent[] = [];

  if (plan.writeCodebook && project.codes.length > 0) {
    const doc = new Y.Doc();
    const siblings = new Map<string | null, number>();
    doc.transact(() => {
      for (const code of project.codes) {
        const order = siblings.get(code.parent) ?? 0;
        siblings.set(code.parent, order + 1);
        putCode(doc, {
          id: required(plan.codeIds, code.key, 'code'),
          name: code.name,
          parentId: code.parent === null ? null : required(plan.codeIds, code.parent, 'code'),
          color: code.color,
          description: code.description,
          order,
        });
        if (code.groups?.length) setCodeGroups(doc, required(plan.codeIds, code.key, 'code'), code.groups);
      }
    });
    rooms.push({ name: roomName.codebook(plan.projectId), update: Y.encodeStateAsUpdate(doc) });
  }

  const byDocument = new Map<string, PortableCoding[]>();
  for (const coding of project.codings) {
    byDocument.set(coding.document, [...(byDocument.get(coding.document) ?? []), coding]);
  }
  // Who completed which document: the file's record, else the raters the shared rule derives. A
  // user who coded nothing gets no layer at all: a member, never a rater.
  const completion = completionOf(project);

  for (const document of project.documents) {
    const documentId = required(plan.documentIds, document.key, 'document');
    const textDoc = new Y.Doc();
    initTextDoc(textDoc, { text: document.text, title: document.title, attributes: document.attributes });
    // A timed transcript's cues, anchored in the text as it was imported (docs/sources.md).
    if (document.cues?.length) addCues(textDoc, document.cues);
    rooms.push({ name: roomName.text(documentId), update: Y.encodeStateAsUpdate(textDoc) });
    const index = new CodePointIndex(document.text);

    const codings = byDocument.get(document.key) ?? [];
    const completed = new Set(completion[document.key] ?? []);
    const coders = [...new Set([...codings.map((c) => c.coder), ...completed])];
    for (const coder of coders) {
      const layerId = required(plan.layerIds, coder, 'coder');
      const layer = new Y.Doc();
      layer.transact(() => {
        for (const coding of codings) {
          if (coding.coder !== coder) continue;
          addCoding(
            layer,
            textDoc,
            {
              id: required(plan.codingIds, coding.key, 'coding'),
              codeId: required(plan.codeIds, coding.code, 'code'),
              start: coding.start,
              end: coding.end,
              memo: coding.memo,
              author: layerId === CONSENSUS ? plan.consensusAuthor : layerId,
              now: coding.createdAt,
            },
            index,
          );
        }
        if (completed.has(coder)) setCompleted(layer, true);
      });
      rooms.push({ name: roomName.layer(documentId, layerId), update: Y.encodeStateAsUpdate(layer) });
    }
  }
  rooms.push(...buildMemoRooms(plan));
  return rooms;
}
