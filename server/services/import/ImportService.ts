/**
 * Imports: uploaded files (or pasted text) → plain project data (validated whole) → rooms built
 * in memory → written. Every way documents arrive goes through here, with the same checks and
 * messages. Nothing is written until every file has been read and the data checked.
 *
 * Whole or nothing: the import is first recorded as pending (with the ids of the rooms it will
 * write), then its rooms are appended, then its project, users, documents and memberships are
 * written in one transaction that also deletes the pending record. Until that commit nothing of
 * it is listed; when a write fails its rooms are deleted again, and when the process dies
 * `cleanUpAbandoned` (run at start) deletes the rooms of imports that never committed.
 *
 * The new rooms are appended straight to the storage log rather than through the room
 * registry: their names are fresh, no instance has them loaded, and the log is the only copy,
 * so persisting first holds trivially and a failed import can delete them without a loaded
 * room writing them back on unload.
 */
import { AppError } from '../../../shared/errors.ts';
import type { ImportSummary } from '../../../shared/interchange/api.ts';
import { PortableProjectSchema, type PortableProject } from '../../../shared/interchange/portable.ts';
import { cleanAttributes, cleanTitle } from '../../../shared/model/attributes.ts';
import { cleanImportedAttributes, typedAttributes } from '../CaseService.ts';
import { colleagueIds } from '../colleagues.ts';
import { agreementCoders } from '../../../shared/interchange/raters.ts';
import { normalizeGuid } from '../../../shared/interchange/refi/guid.ts';
import { CONSENSUS, IdSchema, roomName } from '../../../shared/protocol.ts';
import {
  normalizeEmail,
  type CreateDocumentBody,
  type Document,
  type Membership,
  type Project,
  type User,
} from '../../../shared/schemas.ts';
import type { Logger } from '../../logger.ts';
import type { ImportCommit, NewDocumentSource, NewUser } from '../../storage/Storage.ts';
import type { ServiceDeps } from '../ProjectService.ts';
import { buildRooms, type ImportPlan } from './buildRooms.ts';
import { importedMemos } from './memos.ts';
import {
  baseName,
  checkDocumentText,
  extensionOf,
  fileAttribute,
  readDocumentFile,
  titleOf,
  unsupported,
  type ReadDocument,
  type ReadPdf,
  type UploadedFile,
} from './documents.ts';
import { readQdc, readQdpx } from './qdpx.ts';
import { layoutTranscript } from './transcript.ts';
import type { ZipLimits } from './zip.ts';
import { deleteUnreferenced } from '../../blobs/unreferenced.ts';
import { pairRecordings } from './recordings.ts';
import { Readable } from 'node:stream';

export interface ImportServiceDeps extends ServiceDeps {
  logger: Logger;
  zipLimits: ZipLimits;
  /** Largest original file kept from a REFI-QDA project, in bytes (`MAX_MEDIA_BYTES`). */
  maxMediaBytes: number;
  /** Reads a PDF's text and pages; the app lets only a few run at once (taskGate.ts). */
  readPdf: ReadPdf;
}

const PROJECT_FILES = new Set(['.qdpx', '.qdc']);
const ACCEPTED =
  'a REFI-QDA project (.qdpx) or codebook (.qdc), or transcripts (.txt, .md, .docx, .vtt, .srt), PDFs (.pdf) and recordings (.mp3, .m4a, .wav, .ogg, .mp4, .webm)';

/** One error for several failed files, each named in the issues. */
function failedFiles(failures: { file: string; error: AppError }[], total: number): AppError {
  const first = failures[0]!;
  if (failures.length === 1 && total === 1) return first.error;
  const code = failures.every((f) => f.error.code === first.error.code) ? first.error.code : 'validation';
  return new AppError(
    code,
    `${failures.length} of ${total} files could not be imported, so none was: ${failures.map((f) => f.error.message).join('; ')}`,
    failures.map((f) => ({ path: ['files', f.file], message: f.error.message, code: f.error.code })),
  );
}

function withoutExtension(name: string): string {
  const base = baseName(name);
  const extension = extensionOf(base);
  return (extension ? base.slice(0, -extension.length) : base).trim() || 'Imported project';
}

/** How the import found or made the user behind each coder of the file. */
interface ResolvedCoders {
  /** Layer per coder key: a user id, or `consensus`. */
  layers: Map<string, string>;
  newUsers: NewUser[];
  /** How each existing user was found, by coder key. */
  matchedBy: Map<string, MatchedBy>;
  /** REFI user GUIDs to remember, for coders whose key is one. */
  refiUsers: { guid: string; userId: string }[];
  /** The choices made, for the import warnings. */
  notes: string[];
}

type MatchedBy = 'guid' | 'id' | 'email' | 'name';

const MATCHED: Record<MatchedBy, string> = {
  guid: 'by the REFI user GUID of an earlier import',
  id: 'by the Concord user id in the file',
  email: 'by the e-mail address in the file',
  name: 'by name, among people you share a project with',
};

export class ImportService {
  constructor(private readonly deps: ImportServiceDeps) {}

  /**
   * Creates a project from a .qdpx, a .qdc, or any number of transcript files; the importer
   * becomes its owner. Errors (`validation`, `unsupportedMediaType`, `payloadTooLarge`) name the
   * file; nothing is listed until the whole project is written.
   */
  async importProject(
    files: readonly UploadedFile[],
    importer: User,
    options: { name?: string } = {},
  ): Promise<{ project: Project; summary: ImportSummary }> {
    return this.keepingFiles(files, () => this.importProjectFiles(files, importer, options));
  }

  private async importProjectFiles(
    files: readonly UploadedFile[],
    importer: User,
    options: { name?: string },
  ): Promise<{ project: Project; summary: ImportSummary }> {
    if (files.length === 0)
      throw new AppError('validation', 'no file was sent: put it in the multipart field "file"');
    const projectFiles = files.filter((f) => PROJECT_FILES.has(extensionOf(f.name)));
    if (projectFiles.length > 0 && files.length > 1) {
      throw new AppError(
        'validation',
        'a .qdpx or .qdc file is imported on its own, not together with other files',
      );
    }
    const now = this.deps.now().toISOString();
    let data: PortableProject;
    let warnings: string[];
    let format: ImportSummary['format'];
    let read: ReadDocument[] = [];
    const first = files[0]!;
    const name = baseName(first.name) || 'upload';
    if (extensionOf(name) === '.qdpx') {
      format = 'qdpx';
      const result = await readQdpx(first.data, name, this.deps.zipLimits, {
        now,
        fallbackName: withoutExtension(name),
      });
      data = result.project;
      warnings = result.warnings;
    } else if (extensionOf(name) === '.qdc') {
      format = 'qdc';
      const result = readQdc(first.data, name);
      data = { ...emptyProject(withoutExtension(name)), codes: result.codes };
      warnings = result.warnings;
    } else {
      format = 'documents';
      read = await this.readDocuments(files);
      data = {
        ...emptyProject(files.length === 1 ? read[0]!.title.slice(0, 200) : 'Imported transcripts'),
        documents: read.map((d, i) => ({
          key: `file-${i + 1}`,
          title: d.title,
          text: d.text,
          attributes: d.attributes,
          createdAt: null,
          ...(d.cues?.length ? { cues: d.cues } : {}),
        })),
      };
      warnings = read.flatMap((d) => d.warnings);
    }
    if (options.name !== undefined) data = { ...data, name: options.name };
    data = validated(data, name);

    const coders = await this.resolveCoders(data, importer, now);
    const projectId = this.deps.newId();
    const plan = this.plan(projectId, data, coders, importer, true);
    // The originals a .qdpx carries (PDFs, recordings) are kept before anything is listed.
    const originals = await this.keepOriginals(data);
    warnings = [...warnings, ...originals.warnings];
    const documents = data.documents.map((d, i) => ({
      id: plan.documentIds.get(d.key)!,
      title: d.title,
      attributes: d.attributes,
      createdAt: d.createdAt ?? now,
      file: format === 'documents' ? (read[i]?.attributes.file ?? null) : null,
      turns: read[i]?.turns ?? 0,
      speakers: read[i]?.speakers ?? [],
      source: read[i] ? sourceRow(read[i]) : originals.sources.get(d.key),
    }));
    // Everyone behind a coder of the file is a member; only raters get layers (buildRooms).
    const members: Membership[] = [{ projectId, userId: importer.id, role: 'owner' }];
    for (const userId of new Set(coders.layers.values())) {
      if (userId !== CONSENSUS && userId !== importer.id) members.push({ projectId, userId, role: 'coder' });
    }
    const project: Project = {
      id: projectId,
      name: data.name,
      description: data.description,
      createdAt: now,
      blind: false,
      codersEditText: false,
      target: null,
    };
    await this.discardingOnFailure(originals.sha256s, () =>
      this.write(plan, {
        project: { id: projectId, name: data.name, description: data.description, createdAt: now },
        projectId,
        users: coders.newUsers,
        documents: documents.map(({ id, title, attributes, createdAt, source }) => ({
          id,
          title,
          attributes,
          createdAt,
          ...(source ? { source } : {}),
        })),
        members,
        refiUsers: coders.refiUsers,
        memos: importedMemos(plan, importer.id, now),
        ...typesAndCases(data, plan.documentIds, projectId, now, this.deps.newId),
        audit: this.auditEntry(projectId, importer, 'project.import', {
          format,
          file: name,
          documents: documents.length,
          codings: data.codings.length,
        }),
      }),
    );
    this.deps.logger.info({ projectId, format, documents: documents.length }, 'project imported');
    const raters = new Set(agreementCoders(data));
    return {
      project,
      summary: {
        format,
        documents: documents.map(({ id, title, file, turns, speakers }) => ({
          id,
          title,
          file,
          turns,
          speakers,
        })),
        codes: data.codes.length,
        codings: data.codings.length,
        coders: data.coders.map((c) => {
          const id = coders.layers.get(c.key)!;
          return {
            id,
            name: c.name,
            created: coders.newUsers.some((u) => u.id === id),
            matchedBy: coders.matchedBy.get(c.key) ?? null,
            consensus: c.consensus,
            rater: raters.has(c.key),
          };
        }),
        warnings: [...coders.notes, ...warnings],
      },
    };
  }

  /** Adds transcript files to an existing project as new documents, all or none. */
  async importDocuments(
    projectId: string,
    files: readonly UploadedFile[],
    importer: User,
  ): Promise<ImportSummary> {
    return this.keepingFiles(files, () => this.importDocumentFiles(projectId, files, importer));
  }

  private async importDocumentFiles(
    projectId: string,
    files: readonly UploadedFile[],
    importer: User,
  ): Promise<ImportSummary> {
    if (files.length === 0)
      throw new AppError('validation', 'no file was sent: put it in the multipart field "file"');
    const project = files.find((f) => PROJECT_FILES.has(extensionOf(f.name)));
    if (project) {
      throw new AppError(
        'unsupportedMediaType',
        `${baseName(project.name)}: a REFI-QDA project or codebook becomes a new project of its own; import it from the project list (POST /api/projects/import)`,
      );
    }
    const untyped = await this.readDocuments(files);
    // Values of the project's typed attributes in canonical form (docs/cases.md).
    const typed = await cleanImportedAttributes(this.deps.storage, projectId, untyped);
    const read = untyped.map((d, i) => ({ ...d, attributes: typed.attributes[i]! }));
    const stored = await this.addDocuments(projectId, read, importer, {
      files: files.map((f) => baseName(f.name)),
    });
    return {
      format: 'documents',
      documents: stored.map((d, i) => ({
        id: d.id,
        title: d.title,
        file: read[i]!.attributes.file ?? null,
        turns: read[i]!.turns,
        speakers: read[i]!.speakers,
      })),
      codes: 0,
      codings: 0,
      coders: [],
      warnings: [...read.flatMap((d) => d.warnings), ...typed.warnings],
    };
  }

  /**
   * Adds one document from text sent as JSON (`POST /api/projects/:id/documents`), with the
   * checks every import makes: an empty or binary text is refused (`validation`, with an issue
   * at `text`), a text over 5,000,000 characters too (`payloadTooLarge`). The text is kept as
   * sent, not laid out as turns, so that positions a script computed on it stay right.
   */
  async importText(projectId: string, body: CreateDocumentBody, importer: User): Promise<Document> {
    checkDocumentText(body.text, 'the transcript', ['text']);
    body = { ...body, attributes: await typedAttributes(this.deps.storage, projectId, body.attributes) };
    // The speakers are read as a file import would, for the attribute only: the text stays as sent.
    const { speakers } = layoutTranscript(body.text);
    const attributes =
      speakers.length > 0 && body.attributes.speakers === undefined
        ? { ...body.attributes, speakers: speakers.join(', ') }
        : body.attributes;
    const [document] = await this.addDocuments(
      projectId,
      [
        {
          title: body.title,
          text: body.text,
          attributes,
          format: 'text',
          turns: 0,
          speakers,
          warnings: [],
        },
      ],
      importer,
      { text: true },
    );
    return document!;
  }

  /**
   * Removes what imports that never committed left behind (their rooms and pending records):
   * imports begun before `startedBefore`, when the process writing them died. Returns how many.
   */
  async cleanUpAbandoned(startedBefore: Date): Promise<number> {
    const { storage, logger } = this.deps;
    const pending = await storage.listPendingImports(startedBefore.toISOString());
    for (const item of pending) {
      const rooms = [
        ...(item.newProject ? [roomName.codebook(item.projectId)] : []),
        ...item.documentIds.map((id) => roomName.text(id)),
      ];
      for (const id of item.documentIds) rooms.push(...(await storage.listRooms(roomName.layer(id, ''))));
      // A new project's memo rooms (REFI notes) are the import's too.
      if (item.newProject) rooms.push(...(await storage.listRooms(roomName.memo(item.projectId, ''))));
      await storage.deleteRooms(rooms);
      await storage.forgetImport(item.id);
      logger.warn(
        { importId: item.id, projectId: item.projectId, rooms: rooms.length, startedAt: item.startedAt },
        'removed an import that never finished',
      );
    }
    return pending.length;
  }

  /** Writes read documents into an existing project, all or none; returns them as stored. */
  private async addDocuments(
    projectId: string,
    read: readonly ReadDocument[],
    importer: User,
    details: Record<string, unknown>,
  ): Promise<Document[]> {
    const data = validated(
      {
        ...emptyProject('documents'),
        documents: read.map((d, i) => ({
          key: `file-${i + 1}`,
          title: d.title,
          text: d.text,
          attributes: d.attributes,
          createdAt: null,
          ...(d.cues?.length ? { cues: d.cues } : {}),
        })),
      },
      'the upload',
    );
    if (!(await this.deps.storage.getProject(projectId)))
      throw new AppError('notFound', `project '${projectId}' does not exist`);
    const plan = this.plan(projectId, data, { layers: new Map() }, importer, false);
    const now = this.deps.now().toISOString();
    const stored = await this.write(plan, {
      projectId,
      users: [],
      documents: data.documents.map((d, i) => {
        const source = sourceRow(read[i]!);
        return {
          id: plan.documentIds.get(d.key)!,
          title: d.title,
          attributes: d.attributes,
          createdAt: now,
          ...(source ? { source } : {}),
        };
      }),
      members: [],
      refiUsers: [],
      // The titles, so the log says which documents came in ("imported “Interview 1”").
      audit: this.auditEntry(projectId, importer, 'documents.import', {
        ...details,
        documents: read.length,
        titles: read.map((d) => d.title),
      }),
    });
    // The texts were written before the rows existed, so live views could not yet tell whose they were.
    for (const d of stored) this.deps.registry.announce(roomName.text(d.id));
    return stored;
  }

  /**
   * Reads every file as a document; when any fails, one error names each failed file. A recording
   * and the transcript of the same base name become one document (`pairRecordings`); a recording
   * alone becomes a document with an empty text, to be transcribed in the app; a PDF is read
   * back from the BlobStore its upload streamed it to.
   */
  private async readDocuments(files: readonly UploadedFile[]): Promise<ReadDocument[]> {
    const read: ReadDocument[] = [];
    const failures: { file: string; error: AppError }[] = [];
    const { documents, problems } = pairRecordings(files);
    for (const problem of problems) failures.push({ file: problem.file, error: problem.error });
    for (const { file, recording } of documents) {
      const name = baseName((file ?? recording)!.name) || 'upload';
      try {
        if (PROJECT_FILES.has(extensionOf(name))) throw unsupported(name, ACCEPTED);
        if (!file) read.push(untranscribed(recording!));
        else {
          const document = await readDocumentFile(
            await this.withKeptBytes(file),
            this.deps.zipLimits,
            this.deps.readPdf,
          );
          const source = recording?.source ?? document.source ?? file.source;
          read.push(source ? { ...document, source } : document);
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        failures.push({ file: name, error });
      }
    }
    if (failures.length > 0) throw failedFiles(failures, files.length);
    return read;
  }

  /** A kept PDF with its bytes read back from the store (its text is extracted from them). */
  private async withKeptBytes(file: UploadedFile): Promise<UploadedFile> {
    if (file.source?.kind !== 'pdf') return file;
    const chunks: Buffer[] = [];
    for await (const chunk of this.deps.blobs.read(file.source.sha256)) chunks.push(chunk as Buffer);
    return { ...file, data: Buffer.concat(chunks) };
  }

  /**
   * Keeps the original files a REFI-QDA project carries (`PortableDocument.source.data`) in the
   * BlobStore, each at most `maxMediaBytes`, and reads a PDF's pages when its text is the
   * document's text (a PDF whose text differs, or that cannot be read, is shown as text only,
   * with a warning). Returns the source rows by document key and the digests kept.
   */
  private async keepOriginals(data: PortableProject): Promise<{
    sources: Map<string, NewDocumentSource>;
    sha256s: string[];
    warnings: string[];
  }> {
    const sources = new Map<string, NewDocumentSource>();
    const sha256s: string[] = [];
    const warnings: string[] = [];
    try {
      for (const document of data.documents) {
        const source = document.source;
        if (source?.data === undefined) continue;
        const kept = await this.deps.blobs.put(Readable.from([source.data]), {
          maxBytes: this.deps.maxMediaBytes,
        });
        sha256s.push(kept.sha256);
        let pages: NewDocumentSource['pages'] = null;
        if (source.kind === 'pdf') {
          try {
            const pdf = await this.deps.readPdf(source.data, source.fileName);
            if (pdf.text === document.text) pages = pdf.pages;
            else
              warnings.push(
                `${document.title}: the text in the project differs from the text of its PDF, so it is shown as text only, without its pages`,
              );
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            warnings.push(`${document.title}: shown as text only, without its pages: ${error.message}`);
          }
        }
        sources.set(document.key, {
          kind: source.kind,
          sha256: kept.sha256,
          bytes: kept.bytes,
          mediaType: source.mediaType,
          fileName: source.fileName,
          pages,
        });
      }
    } catch (error) {
      await this.discard(sha256s);
      throw error;
    }
    return { sources, sha256s, warnings };
  }

  /** Runs `run`; when it fails, deletes the kept files among `sha256s` that no document references. */
  private async discardingOnFailure<T>(sha256s: readonly string[], run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      await this.discard(sha256s);
      throw error;
    }
  }

  private async discard(sha256s: readonly string[]): Promise<void> {
    if (sha256s.length === 0) return;
    await deleteUnreferenced(this.deps, sha256s).catch((cleanupError: unknown) => {
      // The start-up sweep removes them later.
      this.deps.logger.error(
        { err: cleanupError },
        'import: could not delete the files a failed import kept',
      );
    });
  }

  /**
   * Runs an import of uploaded files; when it fails, the files the upload kept in the BlobStore
   * that no document references (none of this import's, since it wrote none) are given up to
   * `deleteUnreferenced`: being just written, they go with the sweep after the grace period, so
   * another import under way with the same bytes keeps them.
   */
  private async keepingFiles<T>(files: readonly UploadedFile[], run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const kept = files.flatMap((f) => (f.source ? [f.source.sha256] : []));
      await deleteUnreferenced(this.deps, kept).catch((cleanupError: unknown) => {
        // The start-up sweep removes them later.
        this.deps.logger.error(
          { err: cleanupError },
          'import: could not delete the files a failed import kept',
        );
      });
      throw error;
    }
  }

  /**
   * Finds or creates the user behind each coder of the file. An existing user is matched, in
   * this order, by a REFI user GUID an earlier import remembered, by the Concord user id a Concord
   * export writes in `User@id`, by an e-mail address in `User@id`, and by name (only when exactly
   * one has it) — but always only among the importer and the people they already share a project
   * with. A file can therefore never pull a stranger into a project, nor tell the importer whether
   * an id, address or GUID belongs to anyone (a GUID planted by someone's earlier import only
   * matters to their own colleagues, who see the match reported). Two coders of one file never
   * share a user. Anyone else becomes a new user who cannot sign in until given a password.
   */
  private async resolveCoders(data: PortableProject, importer: User, now: string): Promise<ResolvedCoders> {
    const { storage, newId } = this.deps;
    const resolved: ResolvedCoders = {
      layers: new Map(),
      newUsers: [],
      matchedBy: new Map(),
      refiUsers: [],
      notes: [],
    };
    const taken = new Set<string>();
    const known = await this.colleagues(importer);
    const byName = new Map<string, User[]>();
    for (const user of known.values())
      byName.set(nameKey(user.name), [...(byName.get(nameKey(user.name)) ?? []), user]);
    /** A user found by a lookup, if the importer may match them (a colleague not yet taken). */
    const colleague = (user: User | null): User | null =>
      user && known.has(user.id) && !taken.has(user.id) ? user : null;
    for (const coder of data.coders) {
      if (coder.consensus) {
        resolved.layers.set(coder.key, CONSENSUS);
        continue;
      }
      const guid = normalizeGuid(coder.key);
      const externalId = coder.externalId?.trim() ?? '';
      const candidates: [MatchedBy, () => Promise<User | null>][] = [
        ['guid', async () => colleague(guid === null ? null : await storage.getUserByRefiGuid(guid))],
        [
          'id',
          async () =>
            colleague(IdSchema.safeParse(externalId).success ? await storage.getUser(externalId) : null),
        ],
        [
          'email',
          async () =>
            colleague(
              /^[^\s@]+@[^\s@]+$/.test(externalId)
                ? await storage.getUserByEmail(normalizeEmail(externalId))
                : null,
            ),
        ],
        [
          'name',
          async () => {
            const users = (byName.get(nameKey(coder.name)) ?? []).filter((u) => !taken.has(u.id));
            if (users.length > 1)
              resolved.notes.push(
                `${coder.name}: ${users.length} people you share a project with have this name, so a new user was made`,
              );
            return users.length === 1 ? users[0]! : null;
          },
        ],
      ];
      let match: { user: User; by: MatchedBy } | null = null;
      for (const [by, find] of candidates) {
        const user = await find();
        if (user && !taken.has(user.id)) {
          match = { user, by };
          break;
        }
      }
      let userId: string;
      if (match) {
        userId = match.user.id;
        resolved.matchedBy.set(coder.key, match.by);
        resolved.notes.push(
          `${coder.name}: matched the existing user ${match.user.name} <${match.user.email}> ${MATCHED[match.by]}`,
        );
      } else {
        userId = newId();
        resolved.newUsers.push({
          id: userId,
          email: normalizeEmail(`imported-${userId}@users.concord.invalid`),
          name: coder.name,
          synthetic: false,
          passwordHash: null,
          createdAt: now,
        });
      }
      taken.add(userId);
      resolved.layers.set(coder.key, userId);
      if (guid !== null) resolved.refiUsers.push({ guid, userId });
    }
    return resolved;
  }

  /** The importer and the people they share a project with, by id. */
  private async colleagues(importer: User): Promise<Map<string, User>> {
    const { storage } = this.deps;
    const ids = await colleagueIds(storage, importer.id);
    const users = new Map<string, User>();
    for (const id of ids) {
      const user = await storage.getUser(id);
      if (user) users.set(id, user);
    }
    return users;
  }

  private plan(
    projectId: string,
    data: PortableProject,
    coders: { layers: Map<string, string> },
    importer: User,
    writeCodebook: boolean,
  ): ImportPlan {
    const { newId } = this.deps;
    // Codes and codings keep the file's identifiers where they are valid ids (REFI GUIDs are),
    // so exporting again gives desktop tools the GUIDs they know.
    const keep = (key: string) => (IdSchema.safeParse(key).success ? key : newId());
    return {
      projectId,
      project: data,
      documentIds: new Map(data.documents.map((d) => [d.key, newId()])),
      codeIds: new Map(data.codes.map((c) => [c.key, keep(c.key)])),
      codingIds: new Map(data.codings.map((c) => [c.key, keep(c.key)])),
      layerIds: coders.layers,
      consensusAuthor: importer.id,
      writeCodebook,
      memoIds: new Map((data.memos ?? []).map((m) => [m.key, newId()])),
    };
  }

  private auditEntry(
    projectId: string,
    importer: User,
    action: 'project.import' | 'documents.import',
    details: Record<string, unknown>,
  ): ImportCommit['audit'] {
    return {
      id: this.deps.newId(),
      projectId,
      actorId: importer.id,
      action,
      details,
      createdAt: this.deps.now().toISOString(),
    };
  }

  /**
   * Refuses to commit documents whose kept file is gone: a file stored longer ago than the grace
   * period before its import commits may have been swept as unused (docs/sources.md), and a
   * document without its file would answer 404 for good.
   * @throws AppError `conflict` naming the file.
   */
  private async requireKeptFiles(documents: ImportCommit['documents']): Promise<void> {
    for (const { source } of documents) {
      if (source && !(await this.deps.blobs.stat(source.sha256)))
        throw new AppError(
          'conflict',
          `${source.fileName} was removed from storage before the import finished (it took longer than KEPT_FILE_GRACE_MS allows); import it again`,
        );
    }
  }

  /**
   * Records the import as pending, appends its rooms, then commits its metadata in one
   * transaction. When a write fails the rooms written are deleted and the record dropped; when
   * the process dies instead, `cleanUpAbandoned` does that at the next start.
   */
  private async write(plan: ImportPlan, commit: Omit<ImportCommit, 'importId'>): Promise<Document[]> {
    const { storage, logger, newId } = this.deps;
    const importId = newId();
    await storage.beginImport({
      id: importId,
      projectId: plan.projectId,
      newProject: commit.project !== undefined,
      documentIds: [...plan.documentIds.values()],
      startedAt: this.deps.now().toISOString(),
    });
    const written: string[] = [];
    try {
      for (const room of buildRooms(plan)) {
        written.push(room.name);
        await storage.appendUpdates(room.name, [room.update]);
      }
      await this.requireKeptFiles(commit.documents);
      return await storage.commitImport({ importId, ...commit });
    } catch (error) {
      try {
        // A commit whose answer was lost may still have gone through: then the rooms are its.
        const pending = await storage.listPendingImports('9999-12-31T23:59:59.999Z');
        if (pending.some((p) => p.id === importId)) {
          await storage.deleteRooms(written);
          await storage.forgetImport(importId);
        }
      } catch (cleanupError) {
        // The pending record stays, so the next start removes the rooms.
        logger.error({ err: cleanupError, importId }, 'import: could not remove what a failed import wrote');
      }
      throw error;
    }
  }
}

/** The document for a recording uploaded without a transcript: an empty text, transcribed in the app. */
function untranscribed(recording: UploadedFile): ReadDocument {
  const name = baseName(recording.name) || 'recording';
  return {
    title: titleOf(name),
    text: '',
    attributes: { file: fileAttribute(name) },
    format: 'text',
    turns: 0,
    speakers: [],
    warnings: [],
    source: recording.source!,
  };
}

/** A read document's kept original as the commit writes it (with a PDF's pages). */
function sourceRow(read: ReadDocument): NewDocumentSource | undefined {
  return read.source ? { ...read.source, pages: read.pages ?? null } : undefined;
}

/** Names compared as people write them: case, accents' composition and spacing aside. */
function nameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

function emptyProject(name: string): PortableProject {
  return { name, description: '', coders: [], codes: [], documents: [], codings: [], completed: null };
}

/**
 * The last gate before writing: the whole project's data, cross-references included. Titles and
 * attribute names from other tools are cleaned here rather than refused (`cleanTitle`,
 * `cleanAttributes`), so every import path — files, pasted text, REFI projects — stores only what
 * the REST routes would accept.
 */
function validated(data: PortableProject, what: string): PortableProject {
  const cleaned = {
    ...data,
    name: cleanTitle(data.name) || 'Imported project',
    documents: data.documents.map((d) => ({
      ...d,
      title: cleanTitle(d.title) || 'Untitled',
      attributes: cleanAttributes(d.attributes),
    })),
  };
  const result = PortableProjectSchema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new AppError(
    'validation',
    `${what}: the imported data is inconsistent`,
    result.error.issues.map((i) => ({
      path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: i.message,
      code: i.code,
    })),
  );
}

/**
 * The attribute types and cases of an imported project (REFI `Variables` and `Cases`), as the
 * commit writes them: case documents by their new ids (docs/cases.md).
 */
function typesAndCases(
  data: PortableProject,
  documentIds: ReadonlyMap<string, string>,
  projectId: string,
  now: string,
  newId: () => string,
): Pick<ImportCommit, 'attributeDefinitions' | 'cases'> {
  return {
    attributeDefinitions: data.attributeTypes ?? [],
    cases: (data.cases ?? []).map((c) => ({
      id: newId(),
      projectId,
      name: c.name,
      description: c.description,
      documentIds: c.documents.flatMap((key) => {
        const id = documentIds.get(key);
        return id === undefined ? [] : [id];
      }),
      createdAt: now,
    })),
  };
}
