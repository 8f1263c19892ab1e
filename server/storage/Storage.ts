/**
 * The storage contract. Every backend (SQLite embedded, PostgreSQL in production) implements it
 * and passes the same contract suite in test/contract.
 */
import type { CodebookEntry } from '../../shared/model/codebookEntries.ts';
import type { RecordedMerge } from '../../shared/model/codebookDiff.ts';
import type { Assignment } from '../../shared/rounds/split.ts';
import type { CodebookVersion, DrawnSample, Round } from '../../shared/rounds/schemas.ts';
import type { SearchIndex } from '../search/SearchIndex.ts';
import type { ProgressStore } from './progressRows.ts';
import type { MemoKind, MemoLinks } from '../../shared/memos/schemas.ts';
import type { AttributeDefinition } from '../../shared/model/attributeTypes.ts';
import type {
  AuditEntry,
  Case,
  Document,
  Membership,
  Project,
  Role,
  Target,
  User,
} from '../../shared/schemas.ts';

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
  /** Reads a room's snapshot and the updates after it, as one consistent state. */
  loadRoom(room: string): Promise<RoomLog>;
  /**
   * Updates with seq > afterSeq, ascending (for catching up). Entries already merged into the
   * snapshot are gone: when the first returned seq is not afterSeq + 1, read `loadRoom` instead.
   */
  readUpdatesSince(room: string, afterSeq: number): Promise<StoredUpdate[]>;
  /**
   * The last sequence number of each named room that has any stored state (others are absent),
   * in one query: how every instance notices writes it was not told about.
   */
  lastSeqs(rooms: readonly string[]): Promise<Map<string, number>>;
  /**
   * Stores `snapshot` as the merge of everything up to and including `throughSeq` and deletes
   * those log entries, in one transaction. A snapshot older than the stored one is ignored.
   */
  compact(room: string, snapshot: Uint8Array, throughSeq: number): Promise<void>;
  /** Names of rooms that have any stored state. */
  listRooms(prefix?: string): Promise<string[]>;
  /**
   * Deletes rooms' snapshots and logs. Only for rooms no instance has loaded, such as those an
   * import wrote before it failed.
   */
  deleteRooms(rooms: readonly string[]): Promise<void>;
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
  isAdmin?: boolean;
  /** An scrypt hash (server/auth/passwords.ts); null for users who cannot sign in. */
  passwordHash?: string | null;
  createdAt: string;
}

/** A change to a document's metadata; absent fields stay as they are. */
export interface DocumentPatch {
  title?: string;
  /** Replaces the whole attribute map. */
  attributes?: Record<string, string>;
}

export interface ProjectPatch {
  name?: string;
  description?: string;
  blind?: boolean;
  codersEditText?: boolean;
  /** The agreement target; null clears it. */
  target?: Target | null;
}

/** A session or API token, found by the SHA-256 of its secret. */
export interface StoredCredential {
  id: string;
  tokenHash: string;
  userId: string;
  kind: 'session' | 'api';
  name: string;
  csrf: string;
  createdAt: string;
  expiresAt: string | null;
}

export interface Invitation {
  tokenHash: string;
  projectId: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}

/** An import under way, as recorded before it writes anything else. */
export interface PendingImport {
  id: string;
  /** The project it creates or adds documents to. */
  projectId: string;
  /** Whether it creates the project (then the project's codebook room is its too). */
  newProject: boolean;
  /** The documents it creates: their text and layer rooms are its. */
  documentIds: string[];
  /** When it started (ISO 8601). */
  startedAt: string;
}

/**
 * The kept original of a document, as an import writes it (docs/sources.md): its kind, the
 * SHA-256 naming it in the BlobStore, media type, uploaded file name, size in bytes, and for a
 * PDF each page's `[start, end)` in code points of the text (null for recordings).
 */
export interface NewDocumentSource {
  kind: 'pdf' | 'audio' | 'video';
  sha256: string;
  mediaType: string;
  fileName: string;
  bytes: number;
  pages: { start: number; end: number }[] | null;
}

/** Everything an import adds to the metadata, written at once by `commitImport`. */
export interface ImportCommit {
  /** The pending import this finishes (its record is deleted in the same transaction). */
  importId: string;
  /** The project, when the import creates one. */
  project?: NewProject;
  users: NewUser[];
  /** Appended after the project's existing documents, in this order; with their kept originals. */
  documents: (Omit<NewDocument, 'projectId'> & { source?: NewDocumentSource })[];
  projectId: string;
  members: Membership[];
  /** REFI-QDA user GUIDs to remember for these users (lower case, no braces). */
  refiUsers: { guid: string; userId: string }[];
  /** Memos the import brings (REFI notes); their rooms are written before the commit. */
  memos?: Omit<StoredMemo, 'authorName'>[];
  /** Attribute types to declare in the project (replacing a definition of the same name). */
  attributeDefinitions?: AttributeDefinition[];
  /** Cases to create; their documents are among this import's. */
  cases?: NewCase[];
  audit: AuditEntry;
}

/** Relational metadata: projects, documents, users, memberships, settings. */
export interface MetadataStore {
  createProject(project: NewProject): Promise<Project>;
  listProjects(): Promise<Project[]>;
  getProject(id: string): Promise<Project | null>;
  /** Projects the user is a member of. */
  listProjectsOf(userId: string): Promise<Project[]>;
  /**
   * Changes a project's settings. `blind` is the open round's setting while a round is open (the
   * round's row changes with the project's, in one transaction), else the project's default.
   */
  updateProject(id: string, patch: ProjectPatch): Promise<Project | null>;
  /** Deletes a project with its documents, memberships and invitations; returns whether it existed. */
  deleteProject(id: string): Promise<boolean>;

  /** Appends a document at the end of its project's list. */
  createDocument(doc: NewDocument): Promise<Document>;
  /** A project's documents in order, each with its `source` (null for typed text). */
  listDocuments(projectId: string): Promise<Document[]>;
  /** A document with its `source` (null for typed text); null when there is none. */
  getDocument(id: string): Promise<Document | null>;
  /**
   * The pages of a PDF document: each page's `[start, end)` in code points of its text, in page
   * order. Null when the document has no pages (typed text, a recording, no such document).
   */
  getDocumentPages(id: string): Promise<{ start: number; end: number }[] | null>;
  /**
   * Which of these kept files (SHA-256 digests) some document still references: the others may be
   * deleted from the BlobStore.
   */
  referencedBlobs(sha256s: readonly string[]): Promise<Set<string>>;
  /** Deletes documents (their rooms go with `deleteRooms`). */
  deleteDocuments(ids: readonly string[]): Promise<void>;
  /** Renames a document or replaces its attributes; null when it is not in the project. */
  updateDocument(projectId: string, id: string, patch: DocumentPatch): Promise<Document | null>;
  /**
   * Deletes one document of a project and raises the project's access version in the same
   * transaction (its rooms stop being open to anyone, on every instance); returns whether it
   * existed. Its rooms go with `deleteRooms`.
   */
  deleteDocument(projectId: string, id: string): Promise<boolean>;

  createUser(user: NewUser): Promise<User>;
  getUser(id: string): Promise<User | null>;
  getUserByEmail(email: string): Promise<User | null>;
  listUsers(): Promise<User[]>;
  /**
   * Deletes a user with their credentials and memberships (raising the access version of their
   * projects); returns whether they existed.
   */
  deleteUser(id: string): Promise<boolean>;
  getPasswordHash(userId: string): Promise<string | null>;
  setPasswordHash(userId: string, hash: string): Promise<void>;
  countAdmins(): Promise<number>;

  createCredential(credential: StoredCredential): Promise<void>;
  /** The credential and its user, when the hash is known and not expired at `now`. */
  findCredential(
    tokenHash: string,
    now: string,
  ): Promise<{ credential: StoredCredential; user: User } | null>;
  listCredentials(userId: string): Promise<StoredCredential[]>;
  /** Deletes one of the user's credentials; returns whether it existed. */
  deleteCredential(userId: string, id: string): Promise<boolean>;
  /**
   * Deletes the user's credentials of one kind (or all), except the one named; returns the ids
   * deleted (sign-out everywhere, a password change ending other sessions).
   */
  deleteCredentials(
    userId: string,
    filter: { kind?: StoredCredential['kind']; except?: string },
  ): Promise<string[]>;
  /**
   * Which of these credentials still exist and are not expired at `now`, in one query per few
   * hundred ids: how every instance learns of sign-outs and revocations made through another.
   */
  liveCredentials(ids: readonly string[], now: string): Promise<Set<string>>;

  /** Adds a member or changes their role (raising the project's access version). */
  putMember(projectId: string, userId: string, role: Role): Promise<Membership>;
  listMembers(projectId: string): Promise<Membership[]>;
  getMember(projectId: string, userId: string): Promise<Membership | null>;
  /** Removes a member (raising the project's access version); returns whether they were one. */
  removeMember(projectId: string, userId: string): Promise<boolean>;
  /**
   * Each named project's access version (absent: no such project): a number raised by every change
   * to its memberships, roles or round settings (`putMember`, `removeMember`, `updateProject` with
   * `blind` or `codersEditText`, `deleteUser`). Instances compare it to what they last saw to
   * re-check their open connections without relying on a message reaching them.
   */
  accessVersions(projectIds: readonly string[]): Promise<Map<string, number>>;

  appendAudit(entry: AuditEntry): Promise<void>;
  /** A project's audit log, newest first. */
  listAudit(projectId: string, limit: number): Promise<AuditEntry[]>;

  createInvitation(invitation: Invitation): Promise<void>;
  /** Marks an unused, unexpired invitation used by `userId`, atomically; null when not usable. */
  takeInvitation(tokenHash: string, userId: string, now: string): Promise<Invitation | null>;
  /** An invitation that is unused and not expired at `now`, without using it; null otherwise. */
  findInvitation(tokenHash: string, now: string): Promise<Invitation | null>;
  /** A project's invitations that are unused and not expired at `now`, newest first. */
  listInvitations(projectId: string, now: string): Promise<Invitation[]>;
  /** Deletes one of a project's unused invitations (revoking it); returns whether there was one. */
  deleteInvitation(projectId: string, tokenHash: string): Promise<boolean>;

  getSetting(key: string): Promise<string | null>;
  putSetting(key: string, value: string): Promise<void>;

  /** Records an import before it writes any room, so that an unfinished one can be removed. */
  beginImport(pending: PendingImport): Promise<void>;
  /**
   * Writes an import's project, users, documents, memberships, REFI user GUIDs and audit entry and
   * deletes its pending record, in one transaction: the import becomes visible whole, or (when
   * this fails or the process dies) not at all. Resolves to the documents as stored.
   */
  commitImport(commit: ImportCommit): Promise<Document[]>;
  /** Imports begun before `startedBefore` (ISO 8601) and never committed, oldest first. */
  listPendingImports(startedBefore: string): Promise<PendingImport[]>;
  /** Deletes a pending import's record (after its rooms have been deleted). */
  forgetImport(id: string): Promise<void>;

  /** The user a REFI-QDA user GUID (lower case, no braces) was imported as, if any. */
  getUserByRefiGuid(guid: string): Promise<User | null>;
  /** For each of the users who has one, the first REFI-QDA GUID remembered for them. */
  refiGuidsOf(userIds: readonly string[]): Promise<Map<string, string>>;
}

/** A codebook version to record; its number is given by the store. */
export interface NewCodebookVersion {
  projectId: string;
  reason: CodebookVersion['reason'];
  note: string;
  roundId: string | null;
  createdAt: string;
  createdBy: string | null;
  codes: CodebookEntry[];
}

/** A round to start: its version of the codebook is recorded in the same transaction. */
export interface NewRound {
  id: string;
  projectId: string;
  name: string;
  blind: boolean;
  /** Each coder codes the round's documents again in a fresh layer (default false). */
  recode?: boolean;
  coders: string[];
  documents: string[];
  sample: DrawnSample | null;
  /** Documents of the round some of its coders had already coded (default none). */
  codedBefore?: string[];
  startedAt: string;
  startedBy: string | null;
}

/** What a closed round keeps: its agreement report as served, unchanged forever after. */
export interface RoundClosing {
  closedAt: string;
  /** The report JSON (with the log positions it read), stored and returned verbatim. */
  agreement: unknown;
}

/** Reliability rounds, assignments and codebook versions (docs/rounds.md). */
export interface RoundStore {
  /**
   * Records a codebook version (numbered 1, 2, 3, … per project, without gaps or duplicates even
   * when recorded concurrently) and resolves to it.
   */
  recordCodebookVersion(version: NewCodebookVersion): Promise<CodebookVersion>;
  /** A project's versions, oldest first, without their codes. */
  listCodebookVersions(projectId: string): Promise<CodebookVersion[]>;
  /** One version with its codes; null when there is no such version. */
  getCodebookVersion(
    projectId: string,
    version: number,
  ): Promise<(CodebookVersion & { codes: CodebookEntry[] }) | null>;
  /** Records a merge of two codes, numbered by the last version recorded before it. */
  recordCodeMerge(merge: RecordedMerge & { id: string; projectId: string; mergedAt: string }): Promise<void>;
  /** Merges recorded after version `from` was and before version `to` was, in order. */
  listCodeMerges(projectId: string, from: number, to: number): Promise<RecordedMerge[]>;

  /**
   * Starts a round in one transaction: records the codebook version (`codebook`, with the round's
   * id), the round with its documents and coders, and makes the round's blind setting the
   * project's (raising its access version). Resolves to null when the project already has an open
   * round.
   */
  startRound(round: NewRound, codebook: NewCodebookVersion): Promise<Round | null>;
  /**
   * Closes an open round in one transaction: stores the frozen report, records the codebook
   * version, and gives the project back the blind setting it had before the round (raising its
   * access version). Resolves to null when the round is not open.
   */
  closeRound(roundId: string, closing: RoundClosing, codebook: NewCodebookVersion): Promise<Round | null>;
  getRound(roundId: string): Promise<Round | null>;
  /** A project's rounds, oldest first. */
  listRounds(projectId: string): Promise<Round[]>;
  /** The report stored when the round closed, exactly as stored; null while open. */
  frozenAgreement(roundId: string): Promise<unknown>;

  /** Replaces every assignment of the project's documents (a document not listed has none). */
  putAssignments(projectId: string, assignments: readonly Assignment[]): Promise<void>;
  /** The project's assignments, by document id then coder id. */
  listAssignments(projectId: string): Promise<Assignment[]>;
}

/** A memo's metadata as stored, with its body's plain-text copy (docs/memos.md). */
export interface StoredMemo {
  id: string;
  projectId: string;
  authorId: string;
  /** The author's name; null when their account no longer exists. */
  authorName: string | null;
  kind: MemoKind;
  title: string;
  links: MemoLinks;
  /** Plain text of the memo room's body when last copied (derived; the room is the truth). */
  body: string;
  createdAt: string;
  updatedAt: string;
}

/** A change to a memo's metadata; absent fields stay as they are. */
export interface MemoPatch {
  title?: string;
  /** Replaces every link. */
  links?: MemoLinks;
  updatedAt: string;
}

/** Memo metadata (the bodies live in `memo:<projectId>:<memoId>` rooms). */
export interface MemoStore {
  createMemo(memo: Omit<StoredMemo, 'authorName'>): Promise<StoredMemo>;
  /** A project's memos, oldest first. */
  listMemos(projectId: string): Promise<StoredMemo[]>;
  getMemo(id: string): Promise<StoredMemo | null>;
  /** Changes a memo's title or links; null when it is not in the project. */
  updateMemo(projectId: string, id: string, patch: MemoPatch): Promise<StoredMemo | null>;
  /**
   * Stores the body's plain-text copy and `updatedAt` when the body differs from the stored one;
   * resolves to whether it did.
   */
  setMemoBody(id: string, body: string, updatedAt: string): Promise<boolean>;
  /**
   * Deletes a memo of a project and raises the project's access version in the same transaction
   * (its room stops being open, on every instance); returns whether it existed. Its room goes with
   * `deleteRooms`.
   */
  deleteMemo(projectId: string, id: string): Promise<boolean>;
}

/** A case to create. */
export interface NewCase {
  id: string;
  projectId: string;
  name: string;
  description: string;
  documentIds: string[];
  createdAt: string;
}

/** A change to a case; absent fields stay, `documentIds` replaces its documents. */
export interface CasePatch {
  name?: string;
  description?: string;
  documentIds?: string[];
}

/** Typed attribute definitions and cases (docs/cases.md). */
export interface CaseStore {
  /** A project's attribute definitions, by name. */
  listAttributeDefinitions(projectId: string): Promise<AttributeDefinition[]>;
  /**
   * Declares an attribute's type (`text` removes the definition: undefined attributes are text)
   * and writes the documents' converted attribute maps, in one transaction. Documents not in the
   * project are left alone.
   */
  putAttributeDefinition(
    projectId: string,
    definition: AttributeDefinition,
    documents: readonly { id: string; attributes: Record<string, string> }[],
  ): Promise<void>;
  /**
   * Creates a case with its documents (ids not of a document of the project are ignored).
   * Resolves to it as stored.
   */
  createCase(kase: NewCase): Promise<Case>;
  /**
   * A project's cases, oldest first (cases created at once, as by an import, by name), each with
   * its documents in the project's document order.
   */
  listCases(projectId: string): Promise<Case[]>;
  getCase(projectId: string, caseId: string): Promise<Case | null>;
  /** Changes a case in one transaction; null when it is not in the project. */
  updateCase(projectId: string, caseId: string, patch: CasePatch): Promise<Case | null>;
  /** Deletes a case (its documents stay); returns whether it existed. */
  deleteCase(projectId: string, caseId: string): Promise<boolean>;
}

/** A whole storage backend. */
/** A whole storage backend. */
export interface Storage extends UpdateLog, MetadataStore, RoundStore, MemoStore, CaseStore {
  /** The full-text index of transcripts, in the same database (derived data, docs/search.md). */
  readonly search: SearchIndex;
  /** Each layer's progress per document (derived data, `ProgressService`). */
  readonly progress: ProgressStore;
  /** Backend name for logs and metrics, e.g. "sqlite". */
  readonly kind: string;
  /** Resolves when the backend answers a trivial query (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
