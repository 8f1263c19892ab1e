/**
 * Exports read the live project once into plain data (`snapshot`) and render every format from
 * it: REFI-QDA (.qdpx, .qdc), the tidy codings table (CSV, XLSX), the illustrative-quotes table
 * (Markdown, HTML, Word), and the agreement report (HTML, CSV, JSON).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { readCodebook } from '../../../shared/model/codebook.ts';
import { readCodeGroups } from '../../../shared/model/codeGroups.ts';
import { memoBody } from '../../../shared/model/memo.ts';
import type { PortableMemo } from '../../../shared/interchange/portableMemos.ts';
import type { StoredMemo } from '../../storage/Storage.ts';
import type {
  PortableCoder,
  PortableCode,
  PortableCoding,
  PortableProject,
} from '../../../shared/interchange/portable.ts';
import { writeRefiCodebook } from '../../../shared/interchange/refi/codebook.ts';
import type { RefiEntity } from '../../../shared/interchange/refi/writeProject.ts';
import { CONSENSUS, roomName } from '../../../shared/protocol.ts';
import { AppError } from '../../../shared/errors.ts';
import type { AgreementQuery, Code, Project } from '../../../shared/schemas.ts';
import type { AgreementService, ProjectAgreement } from '../AgreementService.ts';
import type { ProjectService, ServiceDeps } from '../ProjectService.ts';
import type { AgreementExport } from './agreementReport.ts';
import { codePathsOf } from './codingsTable.ts';
import { qdpxArchive } from './qdpxArchive.ts';
import { timeSlicer } from '../../timeSlice.ts';
import { writeRefiOffThread } from './writeRefiOffThread.ts';

/** The software named in exported files. */
export const ORIGIN = 'Concord 0.1.0';

export interface ExportServiceDeps extends ServiceDeps {
  projects: ProjectService;
  agreement: AgreementService;
}

/** A project read for export: its plain data and what could not be included. */
export interface ProjectSnapshot {
  project: Project;
  data: PortableProject;
  /** Codings left out because their text was deleted (or their anchors cannot be read). */
  orphanedCodings: number;
  /** The same, by layer (a coder's id or `consensus`); layers without any are absent. */
  orphanedByLayer: Record<string, number>;
  /** Codings left out because their code is no longer in the codebook. */
  unknownCodeCodings: number;
}

/**
 * A GUID derived from what it stands for, so the same project exports with the same GUIDs
 * (a name-based UUID in the layout of RFC 9562's version 8).
 */
export function derivedGuid(kind: RefiEntity, key: string): string {
  const h = createHash('sha256').update(`concord:${kind}:${key}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Codes as plain data; a parent that is missing or closes a cycle is dropped, not followed. */
function portableCodes(projectCodes: ReturnType<typeof readCodebook>['codes']): PortableCode[] {
  const byId = new Map(projectCodes.map((c) => [c.id, c]));
  return projectCodes.map((code) => {
    let parent = code.parentId !== null && byId.has(code.parentId) ? code.parentId : null;
    const seen = new Set([code.id]);
    for (let p = parent; p !== null; p = byId.get(p)?.parentId ?? null) {
      if (seen.has(p)) {
        parent = null;
        break;
      }
      seen.add(p);
    }
    return { key: code.id, name: code.name, parent, color: code.color, description: code.description };
  });
}

export class ExportService {
  constructor(private readonly deps: ExportServiceDeps) {}

  /** Reads the project; only the layers `visible` admits are included. */
  async snapshot(projectId: string, visible: (coderId: string) => boolean): Promise<ProjectSnapshot> {
    const { storage, registry, projects } = this.deps;
    const project = await projects.requireProject(projectId);
    const { codebook, groups } = await registry.withRoom(roomName.codebook(projectId), (room) => ({
      codebook: readCodebook(room.doc).codes,
      groups: readCodeGroups(room.doc),
    }));
    const codes = portableCodes(codebook).map((c) => {
      const inGroups = groups.get(c.key);
      return inGroups ? { ...c, groups: inGroups } : c;
    });
    const codeKeys = new Set(codes.map((c) => c.key));
    const documents = await storage.listDocuments(projectId);
    const coderIds = new Set(
      (await storage.listMembers(projectId))
        .filter((m) => m.role === 'coder' && visible(m.userId))
        .map((m) => m.userId),
    );
    const portableDocuments: PortableProject['documents'] = [];
    const codings: PortableCoding[] = [];
    const completed: Record<string, string[]> = {};
    const codingKeys = new Set<string>();
    let orphanedCodings = 0;
    const orphanedByLayer: Record<string, number> = {};
    let unknownCodeCodings = 0;
    // A large project is read in slices, so live sync goes on while it is exported.
    const slice = timeSlicer();
    for (const document of documents) {
      await slice();
      const { coded, cues } = await projects.readDocument(projectId, document.id, {
        includeConsensus: true,
        visible,
      });
      portableDocuments.push({
        key: document.id,
        title: document.title,
        text: coded.text,
        attributes: document.attributes,
        createdAt: document.createdAt,
        ...(cues.length > 0 ? { cues } : {}),
        ...(document.source
          ? {
              source: {
                kind: document.source.kind,
                fileName: document.source.fileName,
                mediaType: document.source.mediaType,
                sha256: document.source.sha256,
                bytes: document.source.bytes,
              },
            }
          : {}),
      });
      orphanedCodings += coded.orphaned.length;
      for (const o of coded.orphaned) orphanedByLayer[o.coder] = (orphanedByLayer[o.coder] ?? 0) + 1;
      completed[document.id] = coded.completed;
      for (const coder of coded.completed) coderIds.add(coder);
      for (const coding of coded.codings) {
        coderIds.add(coding.coder);
        if (!codeKeys.has(coding.code)) {
          unknownCodeCodings++;
          continue;
        }
        // Coding ids are unique within a layer; across layers they are told apart by the coder.
        const key = codingKeys.has(coding.id) ? `${coding.coder}/${coding.id}` : coding.id;
        codingKeys.add(key);
        codings.push({
          key,
          document: document.id,
          coder: coding.coder,
          code: coding.code,
          start: coding.start,
          end: coding.end,
          memo: coding.memo,
          createdAt: coding.createdAt,
        });
      }
    }
    const coders: PortableCoder[] = [];
    for (const id of [...coderIds].sort((a, b) => (a === CONSENSUS ? 1 : b === CONSENSUS ? -1 : 0))) {
      if (id === CONSENSUS) {
        coders.push({ key: CONSENSUS, name: 'Consensus', externalId: CONSENSUS, consensus: true });
        continue;
      }
      const user = await storage.getUser(id);
      coders.push({ key: id, name: user?.name || id, externalId: id, consensus: false });
    }
    return {
      project,
      data: {
        name: project.name,
        description: project.description,
        coders,
        codes,
        documents: portableDocuments,
        codings,
        completed,
        // Typed attributes and cases travel as REFI Variables and Cases (docs/cases.md).
        attributeTypes: await storage.listAttributeDefinitions(projectId),
        cases: (await storage.listCases(projectId)).map((c) => ({
          key: c.id,
          name: c.name,
          description: c.description,
          documents: c.documentIds,
        })),
      },
      orphanedCodings,
      orphanedByLayer,
      unknownCodeCodings,
    };
  }

  /**
   * The snapshot with the project's memos that `readable` admits, bodies read from their rooms, for
   * a REFI-QDA export. Authors not among the coders join them (no layer, so no rater); a memo
   * whose author's account is gone has none. Passages are kept as links to their documents.
   */
  async withMemos(
    snapshot: ProjectSnapshot,
    readable: (memo: StoredMemo) => Promise<boolean>,
  ): Promise<ProjectSnapshot> {
    const { storage, registry } = this.deps;
    const coders = [...snapshot.data.coders];
    const known = new Set(coders.map((c) => c.key));
    const documents = new Set(snapshot.data.documents.map((d) => d.key));
    const codes = new Set(snapshot.data.codes.map((c) => c.key));
    const memos: PortableMemo[] = [];
    for (const memo of await storage.listMemos(snapshot.project.id)) {
      if (!(await readable(memo))) continue;
      const author = memo.authorName === null ? null : memo.authorId;
      if (author !== null && !known.has(author)) {
        coders.push({ key: author, name: memo.authorName || author, externalId: author, consensus: false });
        known.add(author);
      }
      const text = await registry.withRoom(roomName.memo(memo.projectId, memo.id), (room) =>
        memoBody(room.doc).toString(),
      );
      const linked = [...memo.links.documents, ...memo.links.passages.map((p) => p.documentId)];
      memos.push({
        key: memo.id,
        kind: memo.kind,
        title: memo.title,
        text,
        author,
        createdAt: memo.createdAt,
        updatedAt: memo.updatedAt,
        documents: [...new Set(linked)].filter((d) => documents.has(d)),
        codes: memo.links.codes.filter((c) => codes.has(c)),
      });
    }
    // A memo whose document or code is gone is kept, as a memo on the project.
    const placed = memos.map((m) =>
      (m.kind === 'document' && m.documents.length === 0) || (m.kind === 'code' && m.codes.length === 0)
        ? { ...m, kind: 'project' as const }
        : m,
    );
    return { ...snapshot, data: { ...snapshot.data, coders, memos: placed } };
  }

  /**
   * The snapshot as a REFI-QDA project archive, streamed as it is written: the original files of
   * PDF documents and recordings are read from the BlobStore one at a time (qdpxArchive.ts).
   *
   * Every original is looked up (`BlobStore.stat`) before the first byte: a document whose file
   * is missing from storage, or is not the size its document records, is exported with its text
   * and codings but without its original, and is named in `missingOriginals` (document ids), so
   * one lost file does not cut the whole archive off half-way.
   */
  async qdpx(snapshot: ProjectSnapshot): Promise<{ archive: Readable; missingOriginals: string[] }> {
    const now = this.deps.now();
    const { data, missingOriginals } = await this.withoutMissingOriginals(snapshot.data);
    // Written in a worker thread: seconds for a large study, during which sync would stall.
    const written = await writeRefiOffThread(this.deps.offThread, {
      project: await this.withRefiGuids(data),
      origin: ORIGIN,
      now: now.toISOString(),
    });
    const blobs = this.deps.blobs;
    return { archive: qdpxArchive(written, (sha256) => blobs.read(sha256), now), missingOriginals };
  }

  /** The data with the originals storage cannot give whole left out (see `qdpx`). */
  private async withoutMissingOriginals(
    data: PortableProject,
  ): Promise<{ data: PortableProject; missingOriginals: string[] }> {
    const missingOriginals: string[] = [];
    const documents: PortableProject['documents'] = [];
    for (const document of data.documents) {
      const source = document.source;
      if (source?.sha256 === undefined || source.data !== undefined) {
        documents.push(document);
        continue;
      }
      const stored = await this.deps.blobs.stat(source.sha256);
      if (stored && (source.bytes === undefined || stored.bytes === source.bytes)) {
        documents.push(document);
        continue;
      }
      missingOriginals.push(document.key);
      const { sha256: _missing, bytes: _bytes, ...rest } = source;
      documents.push({ ...document, source: rest });
    }
    return { data: missingOriginals.length > 0 ? { ...data, documents } : data, missingOriginals };
  }

  /**
   * Coders imported from a REFI-QDA file keep the user GUID they came with (it becomes their key,
   * which the writer keeps as their `User@guid`), so the desktop tool and a later import know them.
   */
  private async withRefiGuids(data: PortableProject): Promise<PortableProject> {
    const guids = await this.deps.storage.refiGuidsOf(
      data.coders.filter((c) => !c.consensus).map((c) => c.key),
    );
    if (guids.size === 0) return data;
    const key = (k: string) => guids.get(k) ?? k;
    return {
      ...data,
      coders: data.coders.map((c) => ({ ...c, key: key(c.key) })),
      codings: data.codings.map((c) => ({ ...c, coder: key(c.coder) })),
      memos: data.memos?.map((m) => ({ ...m, author: m.author === null ? null : key(m.author) })),
      completed:
        data.completed === null
          ? null
          : Object.fromEntries(Object.entries(data.completed).map(([d, list]) => [d, list.map(key)])),
    };
  }

  /**
   * The project's codebook as a REFI-QDA codebook file, now or as recorded in `version` (404 when
   * there is no such version); null when it holds no codes.
   */
  async qdc(projectId: string, version?: number): Promise<string | null> {
    const { projects, storage } = this.deps;
    let codebook: Code[];
    if (version === undefined) codebook = await projects.codebook(projectId);
    else {
      const recorded = await storage.getCodebookVersion(projectId, version);
      if (!recorded)
        throw new AppError('notFound', `codebook version ${version} does not exist in this project`);
      codebook = recorded.codes;
    }
    const codes = portableCodes(codebook);
    return codes.length === 0
      ? null
      : writeRefiCodebook(codes, { guid: (k) => derivedGuid('code', k), origin: ORIGIN });
  }

  /** Computes the agreement report and adds what people need to read it. */
  async agreement(
    project: Project,
    query: AgreementQuery,
    view: (result: ProjectAgreement) => ProjectAgreement,
  ): Promise<AgreementExport> {
    const { storage, agreement, projects } = this.deps;
    const result = view(await agreement.compute(project.id, query));
    const codes = portableCodes(await projects.codebook(project.id));
    const ids = new Set([
      ...result.report.coders,
      ...Object.values(result.state).flatMap((s) => Object.keys(s.layers)),
    ]);
    const coderNames: Record<string, string> = {};
    for (const id of ids) {
      coderNames[id] = id === CONSENSUS ? 'Consensus' : ((await storage.getUser(id))?.name ?? id);
    }
    const documents = await storage.listDocuments(project.id);
    const stateFingerprint = createHash('sha256')
      .update(JSON.stringify(result.state))
      .digest('hex')
      .slice(0, 16);
    return {
      project: { id: project.id, name: project.name },
      computedAt: result.computedAt,
      state: result.state,
      stateFingerprint,
      query,
      orphanedCodings: result.orphanedCodings,
      unknownCodeCodings: result.unknownCodeCodings,
      coderNames,
      codePaths: Object.fromEntries(codePathsOf(codes)),
      documentTitles: Object.fromEntries(documents.map((d) => [d.id, d.title])),
      report: result.report,
      againstConsensus: result.againstConsensus,
      aggregateOnly: result.aggregateOnly === true,
    };
  }
}
