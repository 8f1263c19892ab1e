/**
 * Codebook versions: snapshots of the plain codebook (codes with their definitions and criteria)
 * recorded on demand and when rounds start and close, read back as they were, and compared.
 */
import { AppError } from '../../shared/errors.ts';
import { readCodebookEntries, type CodebookEntry } from '../../shared/model/codebookEntries.ts';
import { diffCodebooks, type CodebookDiff } from '../../shared/model/codebookDiff.ts';
import { roomName } from '../../shared/protocol.ts';
import type { CodebookVersion } from '../../shared/rounds/schemas.ts';
import type { NewCodebookVersion } from '../storage/Storage.ts';
import type { ProjectService, ServiceDeps } from './ProjectService.ts';

export class CodebookVersions {
  constructor(private readonly deps: ServiceDeps & { projects: ProjectService }) {}

  /** The codebook room as it is now, codes with their details, in tree order. */
  async current(projectId: string): Promise<CodebookEntry[]> {
    await this.deps.projects.requireProject(projectId);
    return this.deps.registry.withRoom(roomName.codebook(projectId), (room) => readCodebookEntries(room.doc));
  }

  /** A version to record of the codebook as it is now (the store numbers it). */
  async draft(
    projectId: string,
    reason: NewCodebookVersion['reason'],
    note: string,
    createdBy: string | null,
  ): Promise<NewCodebookVersion> {
    return {
      projectId,
      reason,
      note,
      roundId: null,
      createdAt: this.deps.now().toISOString(),
      createdBy,
      codes: await this.current(projectId),
    };
  }

  /** Records the codebook as it is now (`POST …/codebook/versions`). */
  async record(projectId: string, note: string, createdBy: string): Promise<CodebookVersion> {
    return this.deps.storage.recordCodebookVersion(await this.draft(projectId, 'manual', note, createdBy));
  }

  /** One recorded version with its codes; 404 when there is none with that number. */
  async get(projectId: string, version: number): Promise<CodebookVersion & { codes: CodebookEntry[] }> {
    const found = await this.deps.storage.getCodebookVersion(projectId, version);
    if (!found) throw new AppError('notFound', `codebook version ${version} does not exist in this project`);
    return found;
  }

  /** What changed from version `from` to version `to` (merges as recorded between them). */
  async diff(
    projectId: string,
    from: number,
    to: number,
  ): Promise<{ from: number; to: number } & CodebookDiff> {
    const [before, after] = await Promise.all([this.get(projectId, from), this.get(projectId, to)]);
    const merges = await this.deps.storage.listCodeMerges(projectId, from, to);
    return { from, to, ...diffCodebooks(before.codes, after.codes, merges) };
  }
}
