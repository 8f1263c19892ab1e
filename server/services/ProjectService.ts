/**
 * Project and document operations shared by the REST API, the demo loader and (later) imports:
 * relational metadata in storage, collaborative content through the rooms' persist-first path.
 */
import type { OffThreadPool } from '../offThread.ts';
import type { BlobStore } from '../blobs/BlobStore.ts';
import type * as Y from 'yjs';
import { AppError } from '../../shared/errors.ts';
import { CONSENSUS, isRecodeLayer, roomName } from '../../shared/protocol.ts';
import { readCodedDocument, type CodedDocument, type Layer } from '../../shared/model/codedDocument.ts';
import { readCodebook } from '../../shared/model/codebook.ts';
import { readCues } from '../../shared/model/cues.ts';
import { initTextDoc } from '../../shared/model/text.ts';
import type { Code, CreateDocumentBody, CreateProjectBody, Document, Project } from '../../shared/schemas.ts';
import type { Cue } from '../../shared/sources.ts';
import type { Storage } from '../storage/Storage.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';

/** A document read out of its rooms: plain data and the log positions of its text and layers. */
export interface DocumentSnapshot {
  id: string;
  coded: CodedDocument;
  /** The transcript's timeline as its text is now (empty without one): code points, ms. */
  cues: Cue[];
  textVersion: number;
  layerVersions: Record<string, number>;
}

export interface ServiceDeps {
  storage: Storage;
  /** Kept originals of PDF documents and recordings (docs/sources.md). */
  blobs: BlobStore;
  /** How long an unreferenced kept file stays after its last write, in ms (`deleteUnreferenced`). */
  keptFileGraceMs: number;
  registry: RoomRegistry;
  now: () => Date;
  newId: () => string;
  /** Worker threads for long reports and exports, bounded for the whole server. */
  offThread: OffThreadPool;
}

export class ProjectService {
  constructor(private readonly deps: ServiceDeps) {}

  createProject(body: CreateProjectBody): Promise<Project> {
    const { storage, now, newId } = this.deps;
    return storage.createProject({
      id: newId(),
      name: body.name,
      description: body.description,
      createdAt: now().toISOString(),
    });
  }

  async requireProject(projectId: string): Promise<Project> {
    const project = await this.deps.storage.getProject(projectId);
    if (!project) throw new AppError('notFound', `project '${projectId}' does not exist`);
    return project;
  }

  async requireDocument(projectId: string, documentId: string): Promise<Document> {
    const doc = await this.deps.storage.getDocument(documentId);
    if (!doc || doc.projectId !== projectId) {
      throw new AppError('notFound', `document '${documentId}' does not exist in project '${projectId}'`);
    }
    return doc;
  }

  /** Creates a document: its text room first, so a listed document always has its text. */
  async createDocument(projectId: string, body: CreateDocumentBody): Promise<Document> {
    await this.requireProject(projectId);
    const { storage, registry, now, newId } = this.deps;
    const id = newId();
    await registry.change(roomName.text(id), (doc) =>
      initTextDoc(doc, { text: body.text, title: body.title, attributes: body.attributes }),
    );
    const document = await storage.createDocument({
      id,
      projectId,
      title: body.title,
      attributes: body.attributes,
      createdAt: now().toISOString(),
    });
    // The text was written before the row existed, so live views could not yet tell whose it was.
    registry.announce(roomName.text(id));
    return document;
  }

  /** The project's codebook as plain data. */
  async codebook(projectId: string): Promise<Code[]> {
    await this.requireProject(projectId);
    return this.deps.registry.withRoom(roomName.codebook(projectId), (room) => readCodebook(room.doc).codes);
  }

  /**
   * Coder ids with a layer for the document (consensus included when present). Recode layers
   * (`<coderId>~<roundId>`) are a coder's second coding for intra-coder agreement, not another
   * coder: they are left out unless `includeRecode` (changes every layer must get, like merges).
   */
  async layerCoders(documentId: string, options: { includeRecode?: boolean } = {}): Promise<string[]> {
    const prefix = roomName.layer(documentId, '');
    const rooms = await this.deps.storage.listRooms(prefix);
    const keys = rooms.map((r) => r.slice(prefix.length));
    return options.includeRecode === true ? keys : keys.filter((k) => !isRecodeLayer(k));
  }

  /** A document's text and every layer's codings, positions in code points. */
  async codedDocument(
    projectId: string,
    documentId: string,
    options: { includeConsensus?: boolean; visible?: (coderId: string) => boolean } = {},
  ): Promise<CodedDocument> {
    return (await this.readDocument(projectId, documentId, options)).coded;
  }

  /**
   * `codedDocument` and the document's timeline, read from one state of its rooms (so the cues'
   * code points are positions in exactly that text).
   */
  async readDocument(
    projectId: string,
    documentId: string,
    options: { includeConsensus?: boolean; visible?: (coderId: string) => boolean } = {},
  ): Promise<DocumentSnapshot> {
    await this.requireDocument(projectId, documentId);
    const coders = (await this.layerCoders(documentId)).filter(
      (c) => (options.includeConsensus === true || c !== CONSENSUS) && (options.visible?.(c) ?? true),
    );
    return this.snapshotDocument(documentId, coders);
  }

  /**
   * A document's timeline as its live text is now (`readCues`): cues in code points of the text,
   * ordered by start, times in ms; empty when the document has none.
   * @throws AppError `notFound` when the document is not in the project.
   */
  async timeline(projectId: string, documentId: string): Promise<Cue[]> {
    await this.requireDocument(projectId, documentId);
    return this.deps.registry.withRoom(roomName.text(documentId), (room) => readCues(room.doc));
  }

  /**
   * A document read out of its rooms (the given coders' layers, default all), with the log
   * positions that identify exactly that state.
   */
  async snapshotDocument(documentId: string, coders?: string[]): Promise<DocumentSnapshot> {
    const { registry } = this.deps;
    const layerCoders = coders ?? (await this.layerCoders(documentId));
    const settled = await Promise.allSettled([
      registry.acquire(roomName.text(documentId)),
      ...layerCoders.map((c) => registry.acquire(roomName.layer(documentId, c))),
    ]);
    const rooms = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = settled.find((s) => s.status === 'rejected');
    try {
      if (failed) throw failed.reason;
      const [text, ...layerRooms] = rooms;
      const layers: Layer[] = layerRooms.map((room, i) => ({ coder: layerCoders[i]!, doc: room.doc }));
      return {
        id: documentId,
        coded: readCodedDocument(text!.doc, layers),
        cues: readCues(text!.doc),
        textVersion: text!.version,
        layerVersions: Object.fromEntries(layerRooms.map((room, i) => [layerCoders[i]!, room.version])),
      };
    } finally {
      for (const room of rooms) registry.release(room);
    }
  }

  /** Applies a change to a room on the server's behalf (persisted before anyone sees it). */
  change(room: string, mutate: (doc: Y.Doc) => void): Promise<void> {
    return this.deps.registry.change(room, mutate);
  }
}
