/**
 * Memos: metadata in storage (`MemoStore`), bodies in `memo:<projectId>:<memoId>` rooms written
 * through the persist-first path. Every read and write is decided by `memoAccess` (blind rounds:
 * a coder sees their own memos and those of owners and reviewers, and only reads the latter).
 *
 * The list and its search read a plain-text copy of each body kept in the memo's row: it is
 * rewritten (debounced) whenever the room changes on this instance, and once more when the
 * instance closes. The room stays the truth: `get` reads the body from the room.
 */
import { mayCreateMemo, mayDeleteMemo, type Access } from '../../shared/access.ts';
import { AppError } from '../../shared/errors.ts';
import { memoExcerpt, memoMatches } from '../../shared/memos/listing.ts';
import type {
  CreateMemoBody,
  MemoLinks,
  MemoQuery,
  MemoSummary,
  MemoView,
  UpdateMemoBody,
} from '../../shared/memos/schemas.ts';
import { codePointLength } from '../../shared/model/codePoints.ts';
import { initMemoDoc, memoBody } from '../../shared/model/memo.ts';
import { contentText } from '../../shared/model/text.ts';
import { CloseCode, parseRoomName, roomName } from '../../shared/protocol.ts';
import type { User } from '../../shared/schemas.ts';
import type { Logger } from '../logger.ts';
import type { StoredMemo } from '../storage/Storage.ts';
import { MEMO_DELETED, type AccessService, type ProjectAccess } from './AccessService.ts';
import { audit } from './audit.ts';
import type { ProjectService, ServiceDeps } from './ProjectService.ts';

/** The name shown for a memo whose author's account was deleted. */
export const FORMER_MEMBER = 'former member';

export interface MemoServiceDeps extends ServiceDeps {
  access: Pick<AccessService, 'project' | 'memoAccess' | 'memoFacts' | 'enforce'>;
  projects: Pick<ProjectService, 'requireProject' | 'codebook'>;
  logger: Logger;
  /** How long after a memo room's last change its body is copied to the row (ms; default 500). */
  copyDebounceMs?: number;
}

export class MemoService {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly deps: MemoServiceDeps) {}

  /**
   * Follows memo rooms' changes to keep the rows' body copies current; returns the function
   * that stops following (pending copies are dropped: call `flush` first to keep them).
   */
  start(): () => void {
    const stop = this.deps.registry.onChange((room) => {
      if (parseRoomName(room)?.kind === 'memo') this.schedule(room);
    });
    return () => {
      stop();
      for (const timer of this.pending.values()) clearTimeout(timer);
      this.pending.clear();
    };
  }

  /** Copies every pending body now (before the instance closes). */
  async flush(): Promise<void> {
    const rooms = [...this.pending.keys()];
    for (const room of rooms) clearTimeout(this.pending.get(room));
    this.pending.clear();
    await Promise.all(rooms.map((room) => this.copyBody(room)));
  }

  private schedule(room: string): void {
    const earlier = this.pending.get(room);
    if (earlier) clearTimeout(earlier);
    const timer = setTimeout(() => {
      this.pending.delete(room);
      this.copyBody(room).catch((err: unknown) => {
        this.deps.logger.error({ err, room }, 'copying a memo body for the memo list failed');
      });
    }, this.deps.copyDebounceMs ?? 500);
    this.pending.set(room, timer);
  }

  /** Copies a memo room's body into its row (a memo deleted meanwhile is left alone). */
  private async copyBody(room: string): Promise<void> {
    const name = parseRoomName(room);
    if (name?.kind !== 'memo') return;
    const { storage, registry, now } = this.deps;
    if (!(await storage.getMemo(name.memoId))) return;
    const body = await registry.withRoom(room, (r) => memoBody(r.doc).toString());
    await storage.setMemoBody(name.memoId, body, now().toISOString());
  }

  /**
   * `GET /api/projects/:projectId/memos`: the memos the caller may see, oldest first, filtered by
   * `query` (see `memoMatches`).
   */
  async list(projectId: string, user: User, query: MemoQuery): Promise<MemoSummary[]> {
    const access = await this.deps.access.project(projectId, user);
    const memos = await this.deps.storage.listMemos(projectId);
    const visible: MemoSummary[] = [];
    for (const memo of memos) {
      if (!memoMatches(memo, query)) continue;
      if ((await this.deps.access.memoAccess(access, memo)) === 'none') continue;
      visible.push(summary(memo));
    }
    return visible;
  }

  /**
   * `GET …/memos/:memoId`: one memo with its body read from its room. Throws `notFound` when it is
   * not in the project, `forbidden` when the caller may not see it (a blind round).
   */
  async get(projectId: string, memoId: string, user: User): Promise<MemoView> {
    const access = await this.deps.access.project(projectId, user);
    const memo = await this.requireMemo(projectId, memoId);
    const granted = await this.requireAccess(access, memo, 'read');
    return this.view(memo, granted);
  }

  /**
   * `POST …/memos`: creates the memo's room first, then its row, so a listed memo always has its
   * body; audited as `memo.create`. Throws `forbidden` for viewers, `validation` for links to
   * codes, documents or passages the project does not have.
   */
  async create(projectId: string, user: User, body: CreateMemoBody, text = ''): Promise<MemoView> {
    const access = await this.deps.access.project(projectId, user);
    if (!mayCreateMemo(access.subject))
      throw new AppError('forbidden', 'viewers read memos but do not write them');
    await this.checkLinks(projectId, body.links);
    const { storage, registry, now, newId } = this.deps;
    const id = newId();
    const room = roomName.memo(projectId, id);
    if (text.length > 0) await registry.change(room, (doc) => initMemoDoc(doc, text));
    const at = now().toISOString();
    const memo = await storage.createMemo({
      id,
      projectId,
      authorId: user.id,
      kind: body.kind,
      title: body.title,
      links: body.links,
      body: text,
      createdAt: at,
      updatedAt: at,
    });
    await audit(this.deps, {
      projectId,
      actorId: user.id,
      action: 'memo.create',
      details: { memoId: id, kind: body.kind, title: body.title },
    });
    return this.view(memo, 'write');
  }

  /**
   * `PATCH …/memos/:memoId`: a new title and/or links (replacing all of them); audited as
   * `memo.update`. Throws `notFound`, `forbidden` (read-only for the caller) or `validation`.
   */
  async update(projectId: string, memoId: string, user: User, body: UpdateMemoBody): Promise<MemoView> {
    const access = await this.deps.access.project(projectId, user);
    const memo = await this.requireMemo(projectId, memoId);
    await this.requireAccess(access, memo, 'write');
    if (body.links) await this.checkLinks(projectId, body.links);
    const updated = await this.deps.storage.updateMemo(projectId, memoId, {
      ...body,
      updatedAt: this.deps.now().toISOString(),
    });
    if (!updated) throw notFound(projectId, memoId);
    await audit(this.deps, {
      projectId,
      actorId: user.id,
      action: 'memo.update',
      details: { memoId, ...(body.title === undefined ? {} : { from: memo.title, to: body.title }) },
    });
    return this.view(updated, 'write');
  }

  /**
   * `DELETE …/memos/:memoId`: deletes the row (nobody is admitted to the room from then on, on any
   * instance), closes the room's connections (4404) and deletes the room; audited as `memo.delete`.
   * Only its author or an owner, reviewer or administrator who may write it may delete it.
   */
  async delete(projectId: string, memoId: string, user: User): Promise<void> {
    const access = await this.deps.access.project(projectId, user);
    const memo = await this.requireMemo(projectId, memoId);
    await this.requireAccess(access, memo, 'read');
    if (!mayDeleteMemo(access.subject, await this.deps.access.memoFacts(memo), access.project))
      throw new AppError('forbidden', 'only its author, an owner or a reviewer may delete this memo');
    const { storage, registry } = this.deps;
    if (!(await storage.deleteMemo(projectId, memoId))) throw notFound(projectId, memoId);
    const room = roomName.memo(projectId, memoId);
    const timer = this.pending.get(room);
    if (timer) clearTimeout(timer);
    this.pending.delete(room);
    await registry.discard(room, CloseCode.notFound, MEMO_DELETED);
    // After the discard, so an edit written while it drained is deleted too.
    await storage.deleteRooms([room]);
    await audit(this.deps, {
      projectId,
      actorId: user.id,
      action: 'memo.delete',
      details: { memoId, kind: memo.kind, title: memo.title },
    });
    // Other instances close their connections to the room and delete any late edit again.
    await this.deps.access.enforce(projectId);
  }

  private async requireMemo(projectId: string, memoId: string): Promise<StoredMemo> {
    const memo = await this.deps.storage.getMemo(memoId);
    if (!memo || memo.projectId !== projectId) throw notFound(projectId, memoId);
    return memo;
  }

  /** The caller's access to the memo, at least `needed`, else `forbidden`. */
  private async requireAccess(
    access: ProjectAccess,
    memo: StoredMemo,
    needed: 'read' | 'write',
  ): Promise<'read' | 'write'> {
    const granted: Access = await this.deps.access.memoAccess(access, memo);
    if (granted === 'none')
      throw new AppError(
        'forbidden',
        'the round is blind: this memo is not open to you until the round is opened',
      );
    if (needed === 'write' && granted !== 'write')
      throw new AppError('forbidden', 'you may read this memo but not change it');
    return granted;
  }

  /** Refuses links to codes, documents or passages the project does not have. */
  private async checkLinks(projectId: string, links: MemoLinks): Promise<void> {
    const { storage, registry } = this.deps;
    const issues: { path: (string | number)[]; message: string }[] = [];
    if (links.codes.length > 0) {
      const codes = new Set((await this.deps.projects.codebook(projectId)).map((c) => c.id));
      links.codes.forEach((id, i) => {
        if (!codes.has(id))
          issues.push({ path: ['links', 'codes', i], message: `no code '${id}' in the codebook` });
      });
    }
    const documents = new Set((await storage.listDocuments(projectId)).map((d) => d.id));
    links.documents.forEach((id, i) => {
      if (!documents.has(id))
        issues.push({ path: ['links', 'documents', i], message: `no document '${id}'` });
    });
    for (const [i, p] of links.passages.entries()) {
      if (!documents.has(p.documentId)) {
        issues.push({
          path: ['links', 'passages', i, 'documentId'],
          message: `no document '${p.documentId}'`,
        });
        continue;
      }
      const length = await registry.withRoom(roomName.text(p.documentId), (room) =>
        codePointLength(contentText(room.doc).toString()),
      );
      if (p.end > length)
        issues.push({ path: ['links', 'passages', i, 'end'], message: `the text has ${length} code points` });
    }
    if (issues.length > 0) throw new AppError('validation', 'invalid memo links', issues);
  }

  private async view(memo: StoredMemo, access: 'read' | 'write'): Promise<MemoView> {
    const room = roomName.memo(memo.projectId, memo.id);
    const body = await this.deps.registry.withRoom(room, (r) => memoBody(r.doc).toString());
    return { ...summary(memo), body, room, access };
  }
}

function summary(memo: StoredMemo): MemoSummary {
  return {
    id: memo.id,
    kind: memo.kind,
    title: memo.title,
    authorId: memo.authorId,
    authorName: memo.authorName ?? FORMER_MEMBER,
    links: memo.links,
    createdAt: memo.createdAt,
    updatedAt: memo.updatedAt,
    excerpt: memoExcerpt(memo.body),
  };
}

function notFound(projectId: string, memoId: string): AppError {
  return new AppError('notFound', `memo '${memoId}' does not exist in project '${projectId}'`);
}
