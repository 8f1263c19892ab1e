/**
 * Applies the access rules of shared/access.ts to real requests: resolves a user's role in a
 * project, decides sync upgrades, and re-checks every long-lived channel (sync connections and
 * Server-Sent Events streams) when roles, membership, rounds or credentials change.
 */
import {
  chooseLayers,
  layerRefusal,
  mayAct,
  mayReadLayer,
  memoAccess,
  presenceDetail,
  refusal,
  roomAccess,
  type Access,
  type AccessSubject,
  type LayerChoice,
  type MemoFacts,
  type ProjectAction,
} from '../../shared/access.ts';
import { AppError } from '../../shared/errors.ts';
import {
  CloseCode,
  CONSENSUS,
  isRecodeLayer,
  layerOwner,
  parseRoomName,
  RECODE_SEPARATOR,
  type RoomName,
} from '../../shared/protocol.ts';
import type { Project, User } from '../../shared/schemas.ts';
import type { Storage, StoredMemo } from '../storage/Storage.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import type { RoomVerdict } from '../sync/SyncServer.ts';
import type { LiveStream, LiveStreams, StreamEnding } from './LiveStreams.ts';

export interface ProjectAccess {
  project: Project;
  subject: AccessSubject;
}

/** Close code asking a client to reconnect at once (its access changed, not ended). */
const RECONNECT = 1012;

/** The close reason of connections to the rooms of a deleted document (shown to the people on them). */
export const DOCUMENT_DELETED = 'this document was deleted';

/** The close reason of connections to a deleted memo's room. */
export const MEMO_DELETED = 'this memo was deleted';

/** What the instance holds open: the projects and credentials whose changes it must follow. */
export interface OpenChannels {
  projectIds: Set<string>;
  credentialIds: Set<string>;
}

export class AccessService {
  constructor(
    private readonly deps: {
      storage: Storage;
      registry: RoomRegistry;
      /** Open Server-Sent Events streams, re-checked with the sync connections. */
      streams: LiveStreams;
      /** Decides whether a credential has expired. */
      now: () => Date;
      /** Tells the other instances (sharing the database) to re-check their connections too. */
      announce?: (projectId: string) => void;
      /** Tells the other instances that credentials ended, so they close what those opened. */
      announceCredentialsEnded?: (credentialIds: readonly string[]) => void;
    },
  ) {}

  /** The user's standing in a project; non-members (other than admins) get 404, as if it did not exist. */
  async project(projectId: string, user: User): Promise<ProjectAccess> {
    const { storage } = this.deps;
    const project = await storage.getProject(projectId);
    const member = project ? await storage.getMember(projectId, user.id) : null;
    if (!project || (!member && !user.isAdmin)) {
      throw new AppError('notFound', `project '${projectId}' does not exist`);
    }
    return { project, subject: { userId: user.id, role: member?.role ?? null, isAdmin: user.isAdmin } };
  }

  /**
   * Like `project`, and throws `forbidden` unless the user may take the action; the message says
   * when a blind round is the reason.
   */
  async require(projectId: string, user: User, action: ProjectAction): Promise<ProjectAccess> {
    const access = await this.project(projectId, user);
    if (!mayAct(access.subject, action, access.project)) {
      throw new AppError('forbidden', refusal(access.subject, action, access.project));
    }
    return access;
  }

  /** The project a room belongs to; null when what it names does not exist. */
  async projectOfRoom(room: RoomName): Promise<string | null> {
    const { storage } = this.deps;
    if (room.kind === 'codebook') return (await storage.getProject(room.projectId))?.id ?? null;
    if (room.kind === 'memo') return (await this.memoOfRoom(room))?.projectId ?? null;
    const doc = await storage.getDocument(room.documentId);
    if (!doc) return null;
    if (room.kind === 'layer' && (await this.layerState(room.coderId, doc.projectId, doc.id)) === 'missing')
      return null;
    return doc.projectId;
  }

  /**
   * Whether a layer key names a layer that can exist in the project, and whether it may still be
   * written: the consensus and a user's layer are always `open`; a recode layer
   * `<coderId>~<roundId>` exists only for a coder of that project's recode round and a document of
   * that round, and is `closed` (read-only for everyone) once the round has closed, so its frozen
   * intra-coder figures describe what stays stored.
   */
  private async layerState(
    layerKey: string,
    projectId: string,
    documentId: string,
  ): Promise<'missing' | 'open' | 'closed'> {
    const { storage } = this.deps;
    if (layerKey === CONSENSUS) return 'open';
    const owner = layerOwner(layerKey);
    if (!(await storage.getUser(owner))) return 'missing';
    if (!isRecodeLayer(layerKey)) return 'open';
    const round = await storage.getRound(layerKey.slice(owner.length + RECODE_SEPARATOR.length));
    const exists =
      round !== null &&
      round.projectId === projectId &&
      round.recode &&
      round.coders.includes(owner) &&
      round.documents.includes(documentId);
    if (!exists) return 'missing';
    return round.status === 'open' ? 'open' : 'closed';
  }

  /** The memo a memo room names, when it exists in the project the name says. */
  private async memoOfRoom(room: Extract<RoomName, { kind: 'memo' }>): Promise<StoredMemo | null> {
    const memo = await this.deps.storage.getMemo(room.memoId);
    return memo?.projectId === room.projectId ? memo : null;
  }

  /** What access to a memo depends on: its author's standing in the memo's project. */
  async memoFacts(memo: Pick<StoredMemo, 'projectId' | 'authorId'>): Promise<MemoFacts> {
    const { storage } = this.deps;
    const [member, author] = await Promise.all([
      storage.getMember(memo.projectId, memo.authorId),
      storage.getUser(memo.authorId),
    ]);
    return {
      author: { userId: memo.authorId, role: member?.role ?? null, isAdmin: author?.isAdmin ?? false },
    };
  }

  /** A user's access to a memo (see `memoAccess`), given their standing in its project. */
  async memoAccess(access: ProjectAccess, memo: Pick<StoredMemo, 'projectId' | 'authorId'>): Promise<Access> {
    return memoAccess(access.subject, await this.memoFacts(memo), access.project);
  }

  /**
   * Decides a sync upgrade for an authenticated user; `credentialId` (the session or token used)
   * is kept on the connection so that revoking it closes the connection.
   */
  async roomVerdict(room: RoomName, user: User, credentialId: string): Promise<RoomVerdict> {
    const { storage } = this.deps;
    const missing = { ok: false, status: 404, message: 'room does not exist' } as const;
    const memo = room.kind === 'memo' ? await this.memoOfRoom(room) : null;
    const document =
      room.kind === 'text' || room.kind === 'layer' ? await storage.getDocument(room.documentId) : null;
    const projectId =
      room.kind === 'codebook'
        ? ((await storage.getProject(room.projectId))?.id ?? null)
        : room.kind === 'memo'
          ? (memo?.projectId ?? null)
          : (document?.projectId ?? null);
    if (!projectId) return missing;
    let access: ProjectAccess;
    try {
      access = await this.project(projectId, user);
    } catch (err) {
      // Outsiders get the same answer as for a room that does not exist: an upgrade must not tell
      // them which documents or users there are.
      if (err instanceof AppError) return missing;
      throw err;
    }
    const layer =
      room.kind === 'layer' ? await this.layerState(room.coderId, projectId, room.documentId) : 'open';
    if (layer === 'missing') return missing;
    // A PDF document's text is read-only (docs/sources.md): the rule needs the document's source.
    const granted = roomAccess(
      access.subject,
      room,
      access.project,
      memo ? await this.memoFacts(memo) : { sourceKind: document?.source?.kind ?? 'text' },
    );
    const verdict = layer === 'closed' && granted === 'write' ? 'read' : granted;
    if (verdict === 'none') return { ok: false, status: 403, message: 'this room is not open to you' };
    return {
      ok: true,
      access: verdict,
      user: { id: user.id, name: user.name, isAdmin: user.isAdmin },
      grant: { projectId, credentialId, presence: presenceDetail(access.subject, access.project) },
    };
  }

  /**
   * Re-checks every open connection and stream of the project after roles, membership or the
   * round changed: those that lost access are closed (4403) or ended, connections whose access or
   * presence detail changed reconnect (1012). Other instances are told to do the same with theirs.
   */
  async enforce(projectId: string): Promise<void> {
    await this.recheck(projectId);
    this.deps.announce?.(projectId);
  }

  /** `enforce` on this instance only: one project's channels, or every open one (null). */
  async recheck(projectId: string | null): Promise<void> {
    const { registry, storage, streams } = this.deps;
    await this.discardDeleted(projectId);
    const late = new Set<string>();
    for (const room of registry.loadedRooms()) {
      const name = parseRoomName(room.name);
      if (!name) continue;
      for (const conn of room.connectionList()) {
        if (!conn.user) continue;
        const owner = conn.grant?.projectId ?? (await this.projectOfRoom(name));
        if (projectId !== null && owner !== projectId) continue;
        const user = await storage.getUser(conn.user.id);
        const verdict = user ? await this.roomVerdict(name, user, conn.grant?.credentialId ?? '') : null;
        if (!verdict?.ok && (await this.roomGone(name))) {
          // Deleted after `discardDeleted` looked: freed below, with 4404, like the others.
          late.add(room.name);
          continue;
        }
        if (!verdict?.ok) conn.close(CloseCode.forbidden, 'access to this room was withdrawn');
        else if (verdict.access !== conn.access || verdict.grant?.presence !== conn.grant?.presence)
          conn.close(RECONNECT, 'access changed');
      }
    }
    if (late.size > 0) await this.discardRooms([...late]);
    for (const stream of streams.list(projectId)) {
      const ending = await this.streamEnding(stream, { credential: false });
      if (ending) stream.end(ending);
      else stream.refresh?.();
    }
  }

  /**
   * Frees the loaded rooms of documents and memos deleted from the project (any project: null): their
   * connections close with 4404 and `DOCUMENT_DELETED`, and whatever a late edit wrote to them here
   * is deleted from storage again, so a deleted document's rooms are not re-created. Only rooms
   * someone opened through this project are considered: a room without connections may be a new
   * document whose row is not written yet.
   */
  private async discardDeleted(projectId: string | null): Promise<void> {
    const { registry } = this.deps;
    const gone: string[] = [];
    for (const room of registry.loadedRooms()) {
      const name = parseRoomName(room.name);
      if (!name || name.kind === 'codebook') continue;
      const opened = room
        .connectionList()
        .some((conn) => conn.grant && (projectId === null || conn.grant.projectId === projectId));
      if (!opened) continue;
      if (await this.roomGone(name)) gone.push(room.name);
    }
    await this.discardRooms(gone);
  }

  /** Whether a document's or memo's room belongs to one that no longer exists. */
  private async roomGone(name: RoomName): Promise<boolean> {
    if (name.kind === 'codebook') return false;
    if (name.kind === 'memo') return (await this.memoOfRoom(name)) === null;
    return (await this.deps.storage.getDocument(name.documentId)) === null;
  }

  /**
   * Frees loaded rooms of deleted documents and memos: their connections close with 4404 and the
   * reason, and whatever a late edit wrote to them is deleted from storage again.
   */
  private async discardRooms(rooms: readonly string[]): Promise<void> {
    const { registry, storage } = this.deps;
    for (const room of rooms) {
      const memo = parseRoomName(room)?.kind === 'memo';
      await registry.discard(room, CloseCode.notFound, memo ? MEMO_DELETED : DOCUMENT_DELETED);
    }
    await storage.deleteRooms(rooms);
  }

  /**
   * Why a stream must end now, or null while it may go on: its user lost the action it needs, or
   * (with `credential`) the session or token that opened it no longer exists or has expired.
   * Streams ask before every event, so what they send never depends on a notification arriving.
   */
  async streamEnding(
    stream: Pick<LiveStream, 'userId' | 'credentialId' | 'projectId' | 'action' | 'layers'>,
    options: { credential: boolean },
  ): Promise<StreamEnding | null> {
    const { storage, now } = this.deps;
    if (options.credential) {
      const live = await storage.liveCredentials([stream.credentialId], now().toISOString());
      if (!live.has(stream.credentialId))
        return { code: 'unauthorized', message: 'the session or token has ended' };
    }
    const user = await storage.getUser(stream.userId);
    if (!user) return { code: 'forbidden', message: 'the account no longer exists' };
    let access: ProjectAccess;
    try {
      access = await this.project(stream.projectId, user);
    } catch {
      return { code: 'forbidden', message: 'you are no longer a member of this project' };
    }
    const { subject, project } = access;
    if (!mayAct(subject, stream.action, project))
      return { code: 'forbidden', message: refusal(subject, stream.action, project) };
    const lost = stream.layers?.find((key) => !mayReadLayer(subject, key, project));
    return lost === undefined ? null : { code: 'forbidden', message: layerRefusal(subject, lost, project) };
  }

  /**
   * The layers an analysis reads for the user (see `chooseLayers`): members with read access
   * analyse; naming a layer they may not read (another coder's or the consensus in a blind round)
   * throws `forbidden`.
   */
  async requireLayers(
    projectId: string,
    user: User,
    named: readonly string[] | undefined,
  ): Promise<ProjectAccess & { layers: Extract<LayerChoice, { ok: true }> }> {
    const access = await this.require(projectId, user, 'read');
    const layers = chooseLayers(access.subject, access.project, named);
    if (!layers.ok)
      throw new AppError('forbidden', layerRefusal(access.subject, layers.refused, access.project));
    return { ...access, layers };
  }

  /**
   * After credentials were deleted (signed out, revoked, ended by a password change): closes every
   * channel they authenticated here, and tells the other instances to do the same with theirs.
   */
  endCredentials(credentialIds: ReadonlySet<string>, message: string): void {
    this.closeChannelsOf(credentialIds, message);
    if (credentialIds.size > 0) this.deps.announceCredentialsEnded?.([...credentialIds]);
  }

  /**
   * `endCredentials` on this instance only: sync connections close with 4401, streams end with
   * `unauthorized`.
   */
  closeChannelsOf(credentialIds: ReadonlySet<string>, message: string): void {
    if (credentialIds.size === 0) return;
    for (const room of this.deps.registry.loadedRooms()) {
      for (const conn of room.connectionList()) {
        if (conn.grant && credentialIds.has(conn.grant.credentialId))
          conn.close(CloseCode.unauthorized, message);
      }
    }
    for (const stream of this.deps.streams.list()) {
      if (credentialIds.has(stream.credentialId)) stream.end({ code: 'unauthorized', message });
    }
  }

  /** The projects and credentials behind this instance's open connections and streams. */
  openChannels(): OpenChannels {
    const open: OpenChannels = { projectIds: new Set(), credentialIds: new Set() };
    for (const room of this.deps.registry.loadedRooms()) {
      for (const conn of room.connectionList()) {
        if (!conn.grant) continue;
        open.projectIds.add(conn.grant.projectId);
        open.credentialIds.add(conn.grant.credentialId);
      }
    }
    for (const stream of this.deps.streams.list()) {
      open.projectIds.add(stream.projectId);
      open.credentialIds.add(stream.credentialId);
    }
    return open;
  }
}
