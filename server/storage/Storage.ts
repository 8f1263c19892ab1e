/**
 * The storage contract. Every backend (SQLite embedded, PostgreSQL in production) implements it
 * and passes the same contract suite in test/contract.
 */
import type { Document, Membership, Project, Role, User } from '../../shared/schemas.ts';

/** One logged Yjs update of a room, numbered 1, 2, 3, … per room without gaps. */
export interface StoredUpdate {
  seq: number;
  data: Uint8Array;
}

/** Everything needed to rebuild a room: its snapshot and the updates logged after it. */
export interface RoomLog {
  snapshot: Uint8Array | null;
  /** The last sequence number merged into the snapshot (0 when there is none). */
  snapshotSeq: number;
  /** Updates with seq > snapshotSeq, ascending. */
  updates: StoredUpdate[];
}

/** The append-only update log of the collaborative documents. */
export interface UpdateLog {
  /**
   * Appends updates to a room's log in one transaction, numbering them consecutively.
   * Resolves to the sequence number of the last one once they are durable.
   */
  appendUpdates(room: string, updates: readonly Uint8Array[]): Promise<number>;
  /** Reads a room's snapshot and the updates after it. */
  loadRoom(room: string): Promise<RoomLog>;
  /** Updates with seq > afterSeq, ascending (for catching up). */
  readUpdatesSince(room: string, afterSeq: number): Promise<StoredUpdate[]>;
  /**
   * Stores `snapshot` as the merge of everything up to and including `throughSeq` and deletes
   * those log entries, in one transaction. A snapshot older than the stored one is ignored.
   */
  compact(room: string, snapshot: Uint8Array, throughSeq: number): Promise<void>;
  /** Names of rooms that have any stored state. */
  listRooms(prefix?: string): Promise<string[]>;
}

export interface NewProject {
  id: string;
  name: string;
  description: string;
  createdAt: string;
}
export interface NewDocument {
  id: string;
  projectId: string;
  title: string;
  attributes: Record<string, string>;
  createdAt: string;
}
export interface NewUser {
  id: string;
  email: string;
  name: string;
  synthetic: boolean;
  createdAt: string;
}

/** Relational metadata: projects, documents, users, memberships, settings. */
export interface MetadataStore {
  createProject(project: NewProject): Promise<Project>;
  listProjects(): Promise<Project[]>;
  getProject(id: string): Promise<Project | null>;

  /** Appends a document at the end of its project's list. */
  createDocument(doc: NewDocument): Promise<Document>;
  listDocuments(projectId: string): Promise<Document[]>;
  getDocument(id: string): Promise<Document | null>;

  createUser(user: NewUser): Promise<User>;
  getUser(id: string): Promise<User | null>;
  getUserByEmail(email: string): Promise<User | null>;
  listUsers(): Promise<User[]>;

  /** Adds a member or changes their role. */
  putMember(projectId: string, userId: string, role: Role): Promise<Membership>;
  listMembers(projectId: string): Promise<Membership[]>;

  getSetting(key: string): Promise<string | null>;
  putSetting(key: string, value: string): Promise<void>;
}

/** A whole storage backend. */
export interface Storage extends UpdateLog, MetadataStore {
  /** Backend name for logs and metrics, e.g. "sqlite". */
  readonly kind: string;
  /** Resolves when the backend answers a trivial query (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
