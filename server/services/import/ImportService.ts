/**
 * Imports: uploaded files → plain project data (validated whole) → rooms built in memory →
 * written. Nothing is written until every file has been read and the data checked, and when a
 * write fails midway everything the import wrote is removed again.
 *
 * The new rooms are appended straight to the storage log rather than through the room
 * registry: their names are fresh, no instance has them loaded, and the log is the only copy,
 * so persisting first holds trivially and a failed import can delete them without a loaded
 * room writing them back on unload.
 */
import { AppError } from '../../../shared/errors.ts';
import type { ImportSummary } from '../../../shared/interchange/api.ts';
import { PortableProjectSchema, type PortableProject } from '../../../shared/interchange/portable.ts';
import { CONSENSUS, IdSchema } from '../../../shared/protocol.ts';
import { normalizeEmail, type Project, type User } from '../../../shared/schemas.ts';
import type { Logger } from '../../logger.ts';
import type { NewUser } from '../../storage/Storage.ts';
import { audit } from '../audit.ts';
import type { ServiceDeps } from '../ProjectService.ts';
import { buildRooms, type ImportPlan } from './buildRooms.ts';
import {
  baseName,
  extensionOf,
  readDocumentFile,
  unsupported,
  type ReadDocument,
  type UploadedFile,
} from './documents.ts';
import { readQdc, readQdpx } from './qdpx.ts';
import type { ZipLimits } from './zip.ts';

export interface ImportServiceDeps extends ServiceDeps {
  logger: Logger;
  zipLimits: ZipLimits;
}

const PROJECT_FILES = new Set(['.qdpx', '.qdc']);
const ACCEPTED =
  'a REFI-QDA project (.qdpx) or codebook (.qdc), or transcripts (.txt, .md, .docx, .vtt, .srt)';

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

export class ImportService {
  constructor(private readonly deps: ImportServiceDeps) {}

  /** Creates a project from a .qdpx, a .qdc, or any number of transcript files. */
  async importProject(
    files: readonly UploadedFile[],
    importer: User,
    options: { name?: string } = {},
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
        })),
      };
      warnings = read.flatMap((d) => d.warnings);
    }
    if (options.name !== undefined) data = { ...data, name: options.name };
    data = validated(data, name);

    const { storage, newId } = this.deps;
    const coders = await this.resolveCoders(data, now);
    const projectId = newId();
    const plan = this.plan(projectId, data, coders, importer, true);
    const documents = data.documents.map((d, i) => ({
      id: plan.documentIds.get(d.key)!,
      title: d.title,
      attributes: d.attributes,
      createdAt: d.createdAt ?? now,
      file: format === 'documents' ? (read[i]?.attributes.file ?? null) : null,
      turns: read[i]?.turns ?? 0,
      speakers: read[i]?.speakers ?? [],
    }));

    const created = await this.write(async (undo) => {
      await this.writeRooms(plan, undo);
      for (const user of coders.newUsers) {
        await storage.createUser(user);
        undo.push(() => storage.deleteUser(user.id).then(() => undefined));
      }
      const project = await storage.createProject({
        id: projectId,
        name: data.name,
        description: data.description,
        createdAt: now,
      });
      undo.push(() => storage.deleteProject(projectId).then(() => undefined));
      for (const d of documents) {
        await storage.createDocument({
          id: d.id,
          projectId,
          title: d.title,
          attributes: d.attributes,
          createdAt: d.createdAt,
        });
      }
      await storage.putMember(projectId, importer.id, 'owner');
      for (const userId of new Set(coders.layers.values())) {
        if (userId !== CONSENSUS && userId !== importer.id)
          await storage.putMember(projectId, userId, 'coder');
      }
      await audit(this.deps, {
        projectId,
        actorId: importer.id,
        action: 'project.import',
        details: { format, file: name, documents: documents.length, codings: data.codings.length },
      });
      return project;
    });
    this.deps.logger.info({ projectId, format, documents: documents.length }, 'project imported');
    return {
      project: created,
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
            consensus: c.consensus,
          };
        }),
        warnings,
      },
    };
  }

  /** Adds transcript files to an existing project as new documents. */
  async importDocuments(
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
        `${baseName(project.name)}: a .qdpx or .qdc becomes a new project; send it to POST /api/projects/import`,
      );
    }
    const read = await this.readDocuments(files);
    const data = validated(
      {
        ...emptyProject('documents'),
        documents: read.map((d, i) => ({
          key: `file-${i + 1}`,
          title: d.title,
          text: d.text,
          attributes: d.attributes,
          createdAt: null,
        })),
      },
      'the upload',
    );
    const plan = this.plan(projectId, data, { layers: new Map() }, importer, false);
    const now = this.deps.now().toISOString();
    const { storage } = this.deps;
    const documents = data.documents.map((d, i) => ({
      id: plan.documentIds.get(d.key)!,
      title: d.title,
      read: read[i]!,
    }));
    await this.write(async (undo) => {
      await this.writeRooms(plan, undo);
      const ids: string[] = [];
      undo.push(() => storage.deleteDocuments(ids));
      for (const d of documents) {
        await storage.createDocument({
          id: d.id,
          projectId,
          title: d.title,
          attributes: d.read.attributes,
          createdAt: now,
        });
        ids.push(d.id);
      }
      await audit(this.deps, {
        projectId,
        actorId: importer.id,
        action: 'documents.import',
        details: { files: files.map((f) => baseName(f.name)) },
      });
    });
    return {
      format: 'documents',
      documents: documents.map((d) => ({
        id: d.id,
        title: d.title,
        file: d.read.attributes.file ?? null,
        turns: d.read.turns,
        speakers: d.read.speakers,
      })),
      codes: 0,
      codings: 0,
      coders: [],
      warnings: read.flatMap((d) => d.warnings),
    };
  }

  /** Reads every transcript file; when any fails, one error names each failed file. */
  private async readDocuments(files: readonly UploadedFile[]): Promise<ReadDocument[]> {
    const read: ReadDocument[] = [];
    const failures: { file: string; error: AppError }[] = [];
    for (const file of files) {
      const name = baseName(file.name) || 'upload';
      try {
        if (PROJECT_FILES.has(extensionOf(name))) throw unsupported(name, ACCEPTED);
        read.push(await readDocumentFile(file, this.deps.zipLimits));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        failures.push({ file: name, error });
      }
    }
    if (failures.length > 0) throw failedFiles(failures, files.length);
    return read;
  }

  /** Finds or creates the user behind each coder of the file. */
  private async resolveCoders(
    data: PortableProject,
    now: string,
  ): Promise<{ layers: Map<string, string>; newUsers: NewUser[] }> {
    const layers = new Map<string, string>();
    const newUsers: NewUser[] = [];
    for (const coder of data.coders) {
      if (coder.consensus) {
        layers.set(coder.key, CONSENSUS);
        continue;
      }
      // A coder this server knows (its id is in the file, as Concord exports write it) keeps
      // their account; anyone else becomes a user who cannot sign in until given a password.
      const known =
        coder.externalId !== null && IdSchema.safeParse(coder.externalId).success
          ? await this.deps.storage.getUser(coder.externalId)
          : null;
      if (known) {
        layers.set(coder.key, known.id);
        continue;
      }
      const id = this.deps.newId();
      newUsers.push({
        id,
        email: normalizeEmail(`imported-${id}@users.concord.invalid`),
        name: coder.name,
        synthetic: false,
        passwordHash: null,
        createdAt: now,
      });
      layers.set(coder.key, id);
    }
    return { layers, newUsers };
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
    };
  }

  /** Appends each new room's content to the storage log. */
  private async writeRooms(plan: ImportPlan, undo: (() => Promise<void>)[]): Promise<void> {
    const { storage } = this.deps;
    const written: string[] = [];
    undo.push(() => storage.deleteRooms(written));
    for (const room of buildRooms(plan)) {
      await storage.appendUpdates(room.name, [room.update]);
      written.push(room.name);
    }
  }

  /** Runs the writes; when one fails, undoes what was done, newest first, and rethrows. */
  private async write<T>(run: (undo: (() => Promise<void>)[]) => Promise<T>): Promise<T> {
    const undo: (() => Promise<void>)[] = [];
    try {
      return await run(undo);
    } catch (error) {
      for (const step of undo.reverse()) {
        try {
          await step();
        } catch (cleanupError) {
          this.deps.logger.error(
            { err: cleanupError },
            'import: could not remove what a failed import wrote',
          );
        }
      }
      throw error;
    }
  }
}

function emptyProject(name: string): PortableProject {
  return { name, description: '', coders: [], codes: [], documents: [], codings: [], completed: null };
}

/** The last gate before writing: the whole project's data, cross-references included. */
function validated(data: PortableProject, what: string): PortableProject {
  const result = PortableProjectSchema.safeParse(data);
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
