/**
 * "Code selected hits" on the search page: one chosen code applied to many search hits in the
 * user's own layers, as ONE undoable step. The coding view's undo history belongs to one page
 * session of one document, so this step has its own: the page opens the text and own-layer rooms
 * of the affected documents through the room hub, writes each document's codings in one
 * transaction with an origin of its own, and a `Y.UndoManager` per layer tracking only that
 * origin (no merging of steps) lets `undo()` take every coding of the step out at once.
 * Codings are anchored exactly as the coding view anchors them (`addCoding`).
 */
import * as Y from 'yjs';
import { CodePointIndex } from '../../../shared/model/codePoints.ts';
import { readCodedDocument } from '../../../shared/model/codedDocument.ts';
import { addCoding, codingsMap } from '../../../shared/model/layer.ts';
import { contentText } from '../../../shared/model/text.ts';
import { roomName } from '../../../shared/protocol.ts';
import type { SearchHit } from '../../../shared/search/schemas.ts';
import type { RoomHandle, RoomHub } from '../sync/RoomHub.ts';

/** What one "Code selected hits" did. */
export interface CodedHits {
  /** Codings written. */
  coded: number;
  /** Hits whose text changed since the search (not coded). */
  moved: number;
  /** Hits already coded with this code at exactly that passage (not coded again). */
  already: number;
}

interface Step {
  managers: Y.UndoManager[];
  codeName: string;
  coded: number;
}

export class SearchCoding {
  private readonly handles = new Map<string, RoomHandle>();
  private readonly managers = new Map<string, Y.UndoManager>();
  /** The transaction origin of this page's codings: only these are ever undone here. */
  private readonly origin = {};
  private readonly steps: Step[] = [];

  constructor(
    private readonly hub: RoomHub,
    private readonly userId: string,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /** The step Undo would take back: the code's name and how many codings. */
  get lastStep(): { codeName: string; coded: number } | null {
    const step = this.steps.at(-1);
    return step ? { codeName: step.codeName, coded: step.coded } : null;
  }

  /**
   * Codes the hits (code points, as the search answered) with `codeId` in the user's own layer of
   * each document; resolves once every room has its server state and the codings are written
   * (they reach the server as the rooms sync). Throws when a room was refused.
   */
  async code(hits: readonly SearchHit[], codeId: string, codeName: string): Promise<CodedHits> {
    const byDocument = new Map<string, SearchHit[]>();
    for (const hit of hits) byDocument.set(hit.documentId, [...(byDocument.get(hit.documentId) ?? []), hit]);
    const rooms = await Promise.all(
      [...byDocument.keys()].map(async (documentId) => {
        const text = this.open(roomName.text(documentId));
        const layer = this.open(roomName.layer(documentId, this.userId));
        await Promise.all([text.whenSynced, layer.whenSynced]);
        if (text.refused !== null || layer.refused !== null) {
          throw new Error('the server refused a document’s rooms (the round or your role may have changed)');
        }
        return { documentId, text, layer };
      }),
    );
    const result: CodedHits = { coded: 0, moved: 0, already: 0 };
    const managers: Y.UndoManager[] = [];
    const now = new Date().toISOString();
    for (const { documentId, text, layer } of rooms) {
      const source = contentText(text.doc).toString();
      const index = new CodePointIndex(source);
      const existing = existingSpans(layer.doc, text.doc, codeId);
      const manager = this.managerOf(layer);
      let wrote = false;
      layer.doc.transact(() => {
        for (const hit of byDocument.get(documentId) ?? []) {
          if (
            hit.end > index.length ||
            source.slice(index.toUtf16(hit.start), index.toUtf16(hit.end)) !== hit.match
          ) {
            result.moved++;
            continue;
          }
          if (existing.has(`${hit.start}-${hit.end}`)) {
            result.already++;
            continue;
          }
          addCoding(
            layer.doc,
            text.doc,
            { id: this.newId(), codeId, start: hit.start, end: hit.end, author: this.userId, now },
            index,
          );
          existing.add(`${hit.start}-${hit.end}`);
          result.coded++;
          wrote = true;
        }
      }, this.origin);
      if (wrote) managers.push(manager);
    }
    if (result.coded > 0) this.steps.push({ managers, codeName, coded: result.coded });
    return result;
  }

  /** Takes the last step's codings out again, in every layer at once; false when there is none. */
  undo(): boolean {
    const step = this.steps.pop();
    if (!step) return false;
    for (const manager of step.managers) manager.undo();
    return true;
  }

  /** Gives the rooms back to the hub. */
  destroy(): void {
    for (const manager of this.managers.values()) manager.destroy();
    for (const handle of this.handles.values()) handle.release();
    this.managers.clear();
    this.handles.clear();
    this.steps.length = 0;
  }

  private open(name: string): RoomHandle {
    let handle = this.handles.get(name);
    if (!handle) {
      handle = this.hub.acquire(name);
      this.handles.set(name, handle);
    }
    return handle;
  }

  private managerOf(layer: RoomHandle): Y.UndoManager {
    let manager = this.managers.get(layer.name);
    if (!manager) {
      // captureTimeout 0: every step stays its own, so Undo never takes two steps back at once.
      manager = new Y.UndoManager(codingsMap(layer.doc), {
        trackedOrigins: new Set([this.origin]),
        captureTimeout: 0,
      });
      this.managers.set(layer.name, manager);
    }
    return manager;
  }
}

/** `start-end` (code points) of the layer's codings of `codeId`, as the coding view places them. */
function existingSpans(layer: Y.Doc, textDoc: Y.Doc, codeId: string): Set<string> {
  const { codings } = readCodedDocument(textDoc, [{ coder: 'own', doc: layer }]);
  return new Set(codings.filter((c) => c.code === codeId).map((c) => `${c.start}-${c.end}`));
}
