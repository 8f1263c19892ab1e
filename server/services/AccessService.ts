/**
 * Applies the access rules of shared/access.ts to real requests: resolves a user's role in a
 * project, decides sync upgrades, and re-checks open connections when roles or rounds change.
 */
import { mayAct, roomAccess, type AccessSubject, type ProjectAction } from '../../shared/access.ts';
import { AppError } from '../../shared/errors.ts';
import { CloseCode, CONSENSUS, parseRoomName, type RoomName } from '../../shared/protocol.ts';
import type { Project, User } from '../../shared/schemas.ts';
import type { Storage } from '../storage/Storage.ts';
import type { RoomRegistry } from '../sync/RoomRegistry.ts';
import type { RoomVerdict } from '../sync/SyncServer.ts';

export interface ProjectAccess {
  project: Project;
  subject: AccessSubject;
}

/** Close code asking a client to reconnect at once (its access changed, not ended). */
const RECONNECT = 1012;

export class AccessService {
  constructor(
    private readonly deps: {
      storage: Storage;
      registry: RoomRegistry;
      /** Tells the other instances (sharing the database) to re-check their connections too. */
      announce?: (projectId: string) => void;
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

  /** Like `project`, and throws `forbidden` unless the user may take the action. */
  async require(projectId: string, user: User, action: ProjectAction): Promise<ProjectAccess> {
    const access = await this.project(projectId, user);
    if (!mayAct(access.subject, action, access.project)) {
      throw new AppError('forbidden', `your role in this project does not allow '${action}'`);
    }
    return access;
  }

  /** The project a room belongs to; null when what it names does not exist. */
  async projectOfRoom(room: RoomName): Promise<string | null> {
    const { storage } = this.deps;
    if (room.kind === 'codebook') return (await storage.getProject(room.projectId))?.id ?? null;
    const doc = await storage.getDocument(room.documentId);
    if (!doc) return null;
    if (room.kind === 'layer' && room.coderId !== CONSENSUS && !(await storage.getUser(room.coderId)))
      return null;
    return doc.projectId;
  }

  /** Decides a sync upgrade for an authenticated user. */
  async roomVerdict(room: RoomName, user: User): Promise<RoomVerdict> {
    const projectId = await this.projectOfRoom(room);
    if (!projectId) return { ok: false, status: 404, message: 'room does not exist' };
    let access: ProjectAccess;
    try {
      access = await this.project(projectId, user);
    } catch {
      return { ok: false, status: 403, message: 'not a member of this project' };
    }
    const verdict = roomAccess(access.subject, room, access.project);
    if (verdict === 'none') return { ok: false, status: 403, message: 'this room is not open to you' };
    return { ok: true, access: verdict, user: { id: user.id, name: user.name, isAdmin: user.isAdmin } };
  }

  /**
   * Re-checks every open connection to the project's rooms after roles or the round changed:
   * those that lost access are closed with 4403, those whose access changed reconnect (1012).
   * Other instances are told to do the same with theirs.
   */
  async enforce(projectId: string): Promise<void> {
    await this.recheck(projectId);
    this.deps.announce?.(projectId);
  }

  /** `enforce` on this instance only: one project's rooms, or every loaded room (null). */
  async recheck(projectId: string | null): Promise<void> {
    const { registry, storage } = this.deps;
    for (const room of registry.loadedRooms()) {
      const name = parseRoomName(room.name);
      if (!name || (projectId !== null && (await this.projectOfRoom(name)) !== projectId)) continue;
      for (const conn of room.connectionList()) {
        if (!conn.user) continue;
        const user = await storage.getUser(conn.user.id);
        const verdict = user ? await this.roomVerdict(name, user) : null;
        if (!verdict?.ok) conn.close(CloseCode.forbidden, 'access to this room was withdrawn');
        else if (verdict.access !== conn.access) conn.close(RECONNECT, 'access changed');
      }
    }
  }
}
