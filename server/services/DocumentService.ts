/**
 * Renaming, re-attributing and deleting documents. A rename is written to the metadata and to the
 * text room's `meta` map, so exports read from either agree. A deletion removes the metadata row
 * first (nobody is admitted to its rooms from then on, on any instance), then closes the rooms'
 * connections, frees them from memory and deletes them from storage, here and — through the
 * access re-check every instance runs — everywhere else. Its kept original (a PDF or recording)
 * is deleted last, when no other document references the same file.
 */
import { AppError } from '../../shared/errors.ts';
import { textMeta } from '../../shared/model/text.ts';
import { CloseCode, roomName } from '../../shared/protocol.ts';
import type { Document, UpdateDocumentBody } from '../../shared/schemas.ts';
import { DOCUMENT_DELETED, type AccessService } from './AccessService.ts';
import { audit } from './audit.ts';
import { deleteUnreferenced } from '../blobs/unreferenced.ts';
import { typedAttributes } from './CaseService.ts';
import type { ProjectService, ServiceDeps } from './ProjectService.ts';

export class DocumentService {
  constructor(
    private readonly deps: ServiceDeps & {
      projects: ProjectService;
      access: Pick<AccessService, 'enforce'>;
    },
  ) {}

  /**
   * Renames a document and/or replaces its attributes; audited as `document.rename` (with the old
   * and new title) and `document.attributes`. Throws `notFound` when it is not in the project,
   * `validation` (at `attributes.<name>`) when a value does not fit its attribute's type.
   */
  async update(
    projectId: string,
    documentId: string,
    body: UpdateDocumentBody,
    actorId: string,
  ): Promise<Document> {
    const { storage, registry } = this.deps;
    const before = await this.deps.projects.requireDocument(projectId, documentId);
    // Typed values are checked and written in their canonical form (docs/cases.md).
    if (body.attributes !== undefined)
      body = { ...body, attributes: await typedAttributes(storage, projectId, body.attributes) };
    const updated = await storage.updateDocument(projectId, documentId, body);
    if (!updated)
      throw new AppError('notFound', `document '${documentId}' does not exist in project '${projectId}'`);
    await registry.change(roomName.text(documentId), (doc) => {
      const meta = textMeta(doc);
      if (body.title !== undefined) meta.set('title', body.title);
      if (body.attributes !== undefined) meta.set('attributes', body.attributes);
    });
    if (body.title !== undefined && body.title !== before.title) {
      await audit(this.deps, {
        projectId,
        actorId,
        action: 'document.rename',
        details: { documentId, from: before.title, to: body.title },
      });
    }
    if (body.attributes !== undefined) {
      await audit(this.deps, {
        projectId,
        actorId,
        action: 'document.attributes',
        details: { documentId, title: updated.title, attributes: body.attributes },
      });
    }
    // Views of the project (lists, agreement streams) learn of the change like of any edit.
    registry.announce(roomName.text(documentId));
    return updated;
  }

  /**
   * Deletes a document with every coder's layer and the consensus on it; audited as
   * `document.delete` with its title. Throws `notFound` when it is not in the project.
   */
  async delete(projectId: string, documentId: string, actorId: string): Promise<void> {
    const { storage, registry, access } = this.deps;
    const document = await this.deps.projects.requireDocument(projectId, documentId);
    if (!(await storage.deleteDocument(projectId, documentId))) {
      throw new AppError('notFound', `document '${documentId}' does not exist in project '${projectId}'`);
    }
    const rooms = documentRooms(
      documentId,
      registry.loadedRooms().map((r) => r.name),
    );
    for (const room of rooms) await registry.discard(room, CloseCode.notFound, DOCUMENT_DELETED);
    // Listed after the discards, so an edit written while they drained is deleted too.
    const stored = [
      ...(await storage.listRooms(roomName.text(documentId))),
      ...(await storage.listRooms(`layer:${documentId}:`)),
    ];
    await storage.deleteRooms([...new Set([...documentRooms(documentId, stored), ...rooms])]);
    // Its PDF or recording goes too, unless another document has the same file.
    if (document.source) await deleteUnreferenced(this.deps, [document.source.sha256]);
    await audit(this.deps, {
      projectId,
      actorId,
      action: 'document.delete',
      details: { documentId, title: document.title },
    });
    // Other instances close their connections to these rooms and delete any late edit again.
    await access.enforce(projectId);
    // Live agreement reports recompute without it; the text room's name no longer leads to the
    // project, so the project's codebook room is named instead.
    registry.announce(roomName.codebook(projectId));
  }
}

/** Of these room names, the document's text room and its layer rooms. */
function documentRooms(documentId: string, names: readonly string[]): string[] {
  const text = roomName.text(documentId);
  const layerPrefix = `layer:${documentId}:`;
  return names.filter((n) => n === text || n.startsWith(layerPrefix));
}
