/**
 * The storage contract over Kysely: one code path for SQLite and PostgreSQL. Dialect-specific
 * setup (drivers, pragmas, type parsers) lives in the small factories beside this file.
 */
import { Migrator, sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import {
  TargetSchema,
  type AuditEntry,
  type Document,
  type Membership,
  type Project,
  type Role,
  type User,
} from '../../shared/schemas.ts';
import type { CodebookEntry } from '../../shared/model/codebookEntries.ts';
import type { RecordedMerge } from '../../shared/model/codebookDiff.ts';
import type { CodebookVersion, Round } from '../../shared/rounds/schemas.ts';
import type { Assignment } from '../../shared/rounds/split.ts';
import type { DocumentSource } from '../../shared/sources.ts';
import { migrationProvider, type Dialect } from './migrations.ts';
import { RoundRows } from './roundRows.ts';
import { insertMemos, MemoRows } from './memoRows.ts';
import { ProgressRows, type ProgressStore } from './progressRows.ts';
import { CaseRows, insertCases, writeDefinitions } from './caseRows.ts';
import type { AttributeDefinition } from '../../shared/model/attributeTypes.ts';
import type { Case } from '../../shared/schemas.ts';
import type { CasePatch, NewCase } from './Storage.ts';
import { PostgresSearchIndex } from '../search/PostgresSearchIndex.ts';
import type { SearchIndex } from '../search/SearchIndex.ts';
import { SqliteSearchIndex } from '../search/SqliteSearchIndex.ts';
import type {
  CredentialsTable,
  Database,
  DocumentsTable,
  InvitationsTable,
  ProjectsTable,
  UsersTable,
} from './schema.ts';
import type { MemoPatch, StoredMemo } from './Storage.ts';
import type {
  NewCodebookVersion,
  NewRound,
  RoundClosing,
  ImportCommit,
  Invitation,
  PendingImport,
  DocumentPatch,
  NewDocument,
  NewDocumentSource,
  NewProject,
  NewUser,
  ProjectPatch,
  RoomLog,
  Storage,
  StoredCredential,
  StoredUpdate,
} from './Storage.ts';

/** Rows per INSERT, well below SQLite's bound-parameter limit. */
const INSERT_CHUNK = 500;
/** Ids per DELETE, for the same reason. */
const DELETE_CHUNK = 500;

/**
 * Runs a lookup over ids a chunk at a time — an `in (…)` list stays below SQLite's bound-parameter
 * limit however many ids there are — and returns every chunk's rows in order.
 */
async function lookupInChunks<T>(
  ids: readonly string[],
  lookup: (chunk: string[]) => Promise<T[]>,
): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += INSERT_CHUNK)
    rows.push(...(await lookup(ids.slice(i, i + INSERT_CHUNK))));
  return rows;
}

export class KyselyStorage implements Storage {
  private readonly rounds: RoundRows;
  private readonly memos: MemoRows;
  private readonly cases: CaseRows;
  readonly search: SearchIndex;
  readonly progress: ProgressStore;

  /** Use `open`, which migrates the schema first. */
  protected constructor(
    protected readonly db: Kysely<Database>,
    readonly kind: Dialect,
  ) {
    this.rounds = new RoundRows(db);
    this.memos = new MemoRows(db, (trx, projectId) => this.raiseAccessVersion(trx, { projectId }));
    this.cases = new CaseRows(db);
    this.search = kind === 'sqlite' ? new SqliteSearchIndex(db) : new PostgresSearchIndex(db);
    this.progress = new ProgressRows(db, kind);
  }

  createMemo(memo: Omit<StoredMemo, 'authorName'>): Promise<StoredMemo> {
    return this.memos.createMemo(memo);
  }
  listMemos(projectId: string): Promise<StoredMemo[]> {
    return this.memos.listMemos(projectId);
  }
  getMemo(id: string): Promise<StoredMemo | null> {
    return this.memos.getMemo(id);
  }
  updateMemo(projectId: string, id: string, patch: MemoPatch): Promise<StoredMemo | null> {
    return this.memos.updateMemo(projectId, id, patch);
  }
  setMemoBody(id: string, body: string, updatedAt: string): Promise<boolean> {
    return this.memos.setMemoBody(id, body, updatedAt);
  }
  deleteMemo(projectId: string, id: string): Promise<boolean> {
    return this.memos.deleteMemo(projectId, id);
  }

  listAttributeDefinitions(projectId: string): Promise<AttributeDefinition[]> {
    return this.cases.listAttributeDefinitions(projectId);
  }
  putAttributeDefinition(
    projectId: string,
    definition: AttributeDefinition,
    documents: readonly { id: string; attributes: Record<string, string> }[],
  ): Promise<void> {
    return this.cases.putAttributeDefinition(projectId, definition, documents);
  }
  createCase(kase: NewCase): Promise<Case> {
    return this.cases.createCase(kase);
  }
  listCases(projectId: string): Promise<Case[]> {
    return this.cases.listCases(projectId);
  }
  getCase(projectId: string, caseId: string): Promise<Case | null> {
    return this.cases.getCase(projectId, caseId);
  }
  updateCase(projectId: string, caseId: string, patch: CasePatch): Promise<Case | null> {
    return this.cases.updateCase(projectId, caseId, patch);
  }
  deleteCase(projectId: string, caseId: string): Promise<boolean> {
    return this.cases.deleteCase(projectId, caseId);
  }

  recordCodebookVersion(version: NewCodebookVersion): Promise<CodebookVersion> {
    return this.rounds.recordCodebookVersion(version);
  }
  listCodebookVersions(projectId: string): Promise<CodebookVersion[]> {
    return this.rounds.listCodebookVersions(projectId);
  }
  getCodebookVersion(
    projectId: string,
    version: number,
  ): Promise<(CodebookVersion & { codes: CodebookEntry[] }) | null> {
    return this.rounds.getCodebookVersion(projectId, version);
  }
  recordCodeMerge(merge: RecordedMerge & { id: string; projectId: string; mergedAt: string }): Promise<void> {
    return this.rounds.recordCodeMerge(merge);
  }
  listCodeMerges(projectId: string, from: number, to: number): Promise<RecordedMerge[]> {
    return this.rounds.listCodeMerges(projectId, from, to);
  }
  startRound(round: NewRound, codebook: NewCodebookVersion): Promise<Round | null> {
    return this.rounds.startRound(round, codebook);
  }
  closeRound(roundId: string, closing: RoundClosing, codebook: NewCodebookVersion): Promise<Round | null> {
    return this.rounds.closeRound(roundId, closing, codebook);
  }
  getRound(roundId: string): Promise<Round | null> {
    return this.rounds.getRound(roundId);
  }
  listRounds(projectId: string): Promise<Round[]> {
    return this.rounds.listRounds(projectId);
  }
  frozenAgreement(roundId: string): Promise<unknown> {
    return this.rounds.frozenAgreement(roundId);
  }
  putAssignments(projectId: string, assignments: readonly Assignment[]): Promise<void> {
    return this.rounds.putAssignments(projectId, assignments);
  }
  listAssignments(projectId: string): Promise<Assignment[]> {
    return this.rounds.listAssignments(projectId);
  }

  /** Opens storage on a Kysely instance and brings its schema up to date. */
  static async open(db: Kysely<Database>, kind: Dialect): Promise<KyselyStorage> {
    await KyselyStorage.migrate(db, kind);
    return new KyselyStorage(db, kind);
  }

  /**
   * Applies pending migrations; throws naming the one that failed. `schema` names the PostgreSQL
   * schema of the migration tables: without it Kysely would take another schema's for ours.
   */
  protected static async migrate(db: Kysely<Database>, kind: Dialect, schema?: string): Promise<void> {
    const migrator = new Migrator({
      db,
      provider: migrationProvider(kind),
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`database migration ${failed} failed`, { cause: error });
    }
  }

  async appendUpdates(room: string, updates: readonly Uint8Array[]): Promise<number> {
    if (updates.length === 0) throw new RangeError('appendUpdates needs at least one update');
    return this.db.transaction().execute(async (trx) => {
      // The upsert takes the room row's lock (PostgreSQL) or the write lock (SQLite) first, so
      // concurrent appenders, even in other processes, get consecutive, gap-free numbers.
      const row = await trx
        .insertInto('rooms')
        .values({ name: room, last_seq: updates.length, snapshot: null, snapshot_seq: 0 })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({ last_seq: sql<number>`rooms.last_seq + ${updates.length}` }),
        )
        .returning('last_seq')
        .executeTakeFirstOrThrow();
      const last = Number(row.last_seq);
      const first = last - updates.length + 1;
      for (let i = 0; i < updates.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('room_updates')
          .values(updates.slice(i, i + INSERT_CHUNK).map((data, j) => ({ room, seq: first + i + j, data })))
          .execute();
      }
      return last;
    });
  }

  async loadRoom(room: string): Promise<RoomLog> {
    // One snapshot of the database for both reads: under PostgreSQL's default (read committed) a
    // compaction committing between them would delete updates the old snapshot does not cover.
    // SQLite ignores the level; its transactions are serializable anyway.
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const head = await trx
          .selectFrom('rooms')
          .select(['snapshot', 'snapshot_seq'])
          .where('name', '=', room)
          .executeTakeFirst();
        const snapshotSeq = head ? Number(head.snapshot_seq) : 0;
        const rows = await trx
          .selectFrom('room_updates')
          .select(['seq', 'data'])
          .where('room', '=', room)
          .where('seq', '>', snapshotSeq)
          .orderBy('seq')
          .execute();
        return { snapshot: head?.snapshot ?? null, snapshotSeq, updates: rows.map(toStoredUpdate) };
      });
  }

  async readUpdatesSince(room: string, afterSeq: number): Promise<StoredUpdate[]> {
    const rows = await this.db
      .selectFrom('room_updates')
      .select(['seq', 'data'])
      .where('room', '=', room)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .execute();
    return rows.map(toStoredUpdate);
  }

  async lastSeqs(rooms: readonly string[]): Promise<Map<string, number>> {
    const rows = await lookupInChunks(rooms, (chunk) =>
      this.db.selectFrom('rooms').select(['name', 'last_seq']).where('name', 'in', chunk).execute(),
    );
    return new Map(rows.map((row) => [row.name, Number(row.last_seq)]));
  }

  async compact(room: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    await this.db.transaction().execute((trx) => this.compactIn(trx, room, snapshot, throughSeq));
  }

  /** The body of `compact`, in a transaction the caller opened (and may have locked first). */
  protected async compactIn(
    trx: Transaction<Database>,
    room: string,
    snapshot: Uint8Array,
    throughSeq: number,
  ): Promise<void> {
    const result = await trx
      .updateTable('rooms')
      .set({ snapshot, snapshot_seq: throughSeq })
      .where('name', '=', room)
      .where('snapshot_seq', '<=', throughSeq)
      .where('last_seq', '>=', throughSeq)
      .executeTakeFirst();
    // Only delete what this snapshot really covers; a stale compaction changes nothing.
    if (Number(result.numUpdatedRows) === 0) return;
    await trx.deleteFrom('room_updates').where('room', '=', room).where('seq', '<=', throughSeq).execute();
  }

  async listRooms(prefix = ''): Promise<string[]> {
    const rows = await this.db
      .selectFrom('rooms')
      .select('name')
      // substr, not LIKE: ids may contain "_", which LIKE would treat as a wildcard.
      .where(sql<string>`substr(name, 1, ${prefix.length})`, '=', prefix)
      .orderBy('name')
      .execute();
    return rows.map((r) => r.name);
  }

  async deleteRooms(rooms: readonly string[]): Promise<void> {
    // Chunked: SQLite caps the number of bound parameters per statement.
    for (let i = 0; i < rooms.length; i += DELETE_CHUNK) {
      const chunk = rooms.slice(i, i + DELETE_CHUNK);
      await this.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('room_updates').where('room', 'in', chunk).execute();
        await trx.deleteFrom('rooms').where('name', 'in', chunk).execute();
      });
    }
  }

  async createProject(p: NewProject): Promise<Project> {
    await this.db
      .insertInto('projects')
      .values({ id: p.id, name: p.name, description: p.description, created_at: p.createdAt })
      .execute();
    return { ...p, blind: false, codersEditText: false, target: null };
  }

  async listProjectsOf(userId: string): Promise<Project[]> {
    const rows = await this.db
      .selectFrom('projects')
      .innerJoin('memberships', 'memberships.project_id', 'projects.id')
      .selectAll('projects')
      .where('memberships.user_id', '=', userId)
      .orderBy('projects.created_at')
      .orderBy('projects.id')
      .execute();
    return rows.map(toProject);
  }

  async updateProject(id: string, patch: ProjectPatch): Promise<Project | null> {
    const set: Partial<{
      name: string;
      description: string;
      blind: number;
      coders_edit_text: number;
      target: string | null;
    }> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.blind !== undefined) set.blind = patch.blind ? 1 : 0;
    if (patch.codersEditText !== undefined) set.coders_edit_text = patch.codersEditText ? 1 : 0;
    if (patch.target !== undefined) set.target = patch.target === null ? null : JSON.stringify(patch.target);
    // Round settings decide access: the same statement raises the access version.
    const round = patch.blind !== undefined || patch.codersEditText !== undefined;
    if (Object.keys(set).length > 0)
      await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('projects')
          .set(set)
          .$if(round, (q) => q.set((eb) => ({ access_version: eb('access_version', '+', 1) })))
          .where('id', '=', id)
          .execute();
        // While a round is open the project's blind switch is the round's.
        if (set.blind !== undefined)
          await trx
            .updateTable('rounds')
            .set({ blind: set.blind })
            .where('project_id', '=', id)
            .where('status', '=', 'open')
            .execute();
      });
    return this.getProject(id);
  }

  async accessVersions(projectIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await lookupInChunks(projectIds, (chunk) =>
      this.db.selectFrom('projects').select(['id', 'access_version']).where('id', 'in', chunk).execute(),
    );
    return new Map(rows.map((row) => [row.id, Number(row.access_version)]));
  }

  /** Raises the access version of projects, inside the transaction that changed their access. */
  private async raiseAccessVersion(
    trx: Transaction<Database>,
    where: { projectId: string } | { memberId: string },
  ): Promise<void> {
    await trx
      .updateTable('projects')
      .set((eb) => ({ access_version: eb('access_version', '+', 1) }))
      .where((eb) =>
        'projectId' in where
          ? eb('id', '=', where.projectId)
          : eb(
              'id',
              'in',
              eb.selectFrom('memberships').select('project_id').where('user_id', '=', where.memberId),
            ),
      )
      .execute();
  }

  async deleteProject(id: string): Promise<boolean> {
    // Documents, memberships and invitations go with it (ON DELETE CASCADE).
    const result = await this.db.deleteFrom('projects').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listProjects(): Promise<Project[]> {
    const rows = await this.db
      .selectFrom('projects')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toProject);
  }

  async getProject(id: string): Promise<Project | null> {
    const row = await this.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toProject(row) : null;
  }

  async createDocument(d: NewDocument): Promise<Document> {
    return this.db.transaction().execute(async (trx) => {
      const max = await trx
        .selectFrom('documents')
        .select((eb) => eb.fn.max<number | null>('ord').as('ord'))
        .where('project_id', '=', d.projectId)
        .executeTakeFirst();
      const order = (max?.ord ?? 0) + 1;
      await trx
        .insertInto('documents')
        .values({
          id: d.id,
          project_id: d.projectId,
          title: d.title,
          attributes: JSON.stringify(d.attributes),
          ord: order,
          created_at: d.createdAt,
        })
        .execute();
      return { ...d, order, source: null };
    });
  }

  /** Documents with their source's columns (null for typed text). */
  private selectDocuments() {
    return this.db
      .selectFrom('documents')
      .leftJoin('document_sources as s', 's.document_id', 'documents.id')
      .selectAll('documents')
      .select([
        's.kind as source_kind',
        's.sha256 as source_sha256',
        's.media_type as source_media_type',
        's.file_name as source_file_name',
        's.bytes as source_bytes',
        's.pages as source_pages',
      ]);
  }

  async listDocuments(projectId: string): Promise<Document[]> {
    const rows = await this.selectDocuments()
      .where('documents.project_id', '=', projectId)
      .orderBy('documents.ord')
      .execute();
    return rows.map(toDocument);
  }

  async getDocument(id: string): Promise<Document | null> {
    const row = await this.selectDocuments().where('documents.id', '=', id).executeTakeFirst();
    return row ? toDocument(row) : null;
  }

  async getDocumentPages(id: string): Promise<{ start: number; end: number }[] | null> {
    const row = await this.db
      .selectFrom('document_sources')
      .select('pages')
      .where('document_id', '=', id)
      .executeTakeFirst();
    return row?.pages ? (JSON.parse(row.pages) as { start: number; end: number }[]) : null;
  }

  async referencedBlobs(sha256s: readonly string[]): Promise<Set<string>> {
    const rows = await lookupInChunks([...new Set(sha256s)], (chunk) =>
      this.db
        .selectFrom('document_sources')
        .select('sha256')
        .distinct()
        .where('sha256', 'in', chunk)
        .execute(),
    );
    return new Set(rows.map((r) => r.sha256));
  }

  async deleteDocuments(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
      await this.db
        .deleteFrom('documents')
        .where('id', 'in', ids.slice(i, i + DELETE_CHUNK))
        .execute();
    }
  }

  async updateDocument(projectId: string, id: string, patch: DocumentPatch): Promise<Document | null> {
    const set: Partial<{ title: string; attributes: string }> = {};
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.attributes !== undefined) set.attributes = JSON.stringify(patch.attributes);
    if (Object.keys(set).length > 0)
      await this.db
        .updateTable('documents')
        .set(set)
        .where('id', '=', id)
        .where('project_id', '=', projectId)
        .execute();
    const doc = await this.getDocument(id);
    return doc?.projectId === projectId ? doc : null;
  }

  async deleteDocument(projectId: string, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('documents')
        .where('id', '=', id)
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows) > 0;
      // Open connections to its rooms are re-checked wherever the version is watched.
      if (deleted) await this.raiseAccessVersion(trx, { projectId });
      return deleted;
    });
  }

  async createUser(u: NewUser): Promise<User> {
    await this.db.insertInto('users').values(toUserRow(u)).execute();
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      synthetic: u.synthetic,
      isAdmin: u.isAdmin ?? false,
      createdAt: u.createdAt,
    };
  }

  async getPasswordHash(userId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', userId)
      .executeTakeFirst();
    return row?.password_hash ?? null;
  }

  async setPasswordHash(userId: string, hash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
  }

  async countAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('is_admin', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async createCredential(c: StoredCredential): Promise<void> {
    await this.db
      .insertInto('credentials')
      .values({
        id: c.id,
        token_hash: c.tokenHash,
        user_id: c.userId,
        kind: c.kind,
        name: c.name,
        csrf: c.csrf,
        created_at: c.createdAt,
        expires_at: c.expiresAt,
      })
      .execute();
  }

  async findCredential(
    tokenHash: string,
    now: string,
  ): Promise<{ credential: StoredCredential; user: User } | null> {
    const row = await this.db
      .selectFrom('credentials')
      .innerJoin('users', 'users.id', 'credentials.user_id')
      .selectAll('credentials')
      .select([
        'users.email',
        'users.name as user_name',
        'users.synthetic',
        'users.is_admin',
        'users.created_at as user_created_at',
      ])
      .where('credentials.token_hash', '=', tokenHash)
      .where((eb) =>
        eb.or([eb('credentials.expires_at', 'is', null), eb('credentials.expires_at', '>', now)]),
      )
      .executeTakeFirst();
    if (!row) return null;
    return {
      credential: toCredential(row),
      user: {
        id: row.user_id,
        email: row.email,
        name: row.user_name,
        synthetic: row.synthetic === 1,
        isAdmin: row.is_admin === 1,
        createdAt: row.user_created_at,
      },
    };
  }

  async listCredentials(userId: string): Promise<StoredCredential[]> {
    const rows = await this.db
      .selectFrom('credentials')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map(toCredential);
  }

  async deleteCredential(userId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('credentials')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async deleteCredentials(
    userId: string,
    filter: { kind?: StoredCredential['kind']; except?: string },
  ): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('credentials')
        .select('id')
        .where('user_id', '=', userId)
        .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind!))
        .$if(filter.except !== undefined, (q) => q.where('id', '!=', filter.except!))
        .execute();
      const ids = rows.map((r) => r.id);
      for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
        await trx
          .deleteFrom('credentials')
          .where('id', 'in', ids.slice(i, i + DELETE_CHUNK))
          .execute();
      }
      return ids;
    });
  }

  async liveCredentials(ids: readonly string[], now: string): Promise<Set<string>> {
    const rows = await lookupInChunks(ids, (chunk) =>
      this.db
        .selectFrom('credentials')
        .select('id')
        .where('id', 'in', chunk)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .execute(),
    );
    return new Set(rows.map((row) => row.id));
  }

  async getUser(id: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async getUserByEmail(email: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toUser);
  }

  async deleteUser(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await this.raiseAccessVersion(trx, { memberId: id });
      // Credentials and memberships go with the user (ON DELETE CASCADE).
      const result = await trx.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async putMember(projectId: string, userId: string, role: Role): Promise<Membership> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('memberships')
        .values({ project_id: projectId, user_id: userId, role })
        .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet({ role }))
        .execute();
      await this.raiseAccessVersion(trx, { projectId });
    });
    return { projectId, userId, role };
  }

  async listMembers(projectId: string): Promise<Membership[]> {
    const rows = await this.db
      .selectFrom('memberships')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('user_id')
      .execute();
    return rows.map((r) => ({ projectId: r.project_id, userId: r.user_id, role: r.role as Role }));
  }

  async getMember(projectId: string, userId: string): Promise<Membership | null> {
    const row = await this.db
      .selectFrom('memberships')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? { projectId: row.project_id, userId: row.user_id, role: row.role as Role } : null;
  }

  async removeMember(projectId: string, userId: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('memberships')
        .where('project_id', '=', projectId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      const removed = Number(result.numDeletedRows) > 0;
      if (removed) await this.raiseAccessVersion(trx, { projectId });
      return removed;
    });
  }

  async appendAudit(e: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        id: e.id,
        project_id: e.projectId,
        actor_id: e.actorId,
        action: e.action,
        details: JSON.stringify(e.details),
        created_at: e.createdAt,
      })
      .execute();
  }

  async listAudit(projectId: string, limit: number): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      actorId: r.actor_id,
      action: r.action,
      details: JSON.parse(r.details) as Record<string, unknown>,
      createdAt: r.created_at,
    }));
  }

  async createInvitation(i: Invitation): Promise<void> {
    await this.db
      .insertInto('invitations')
      .values({
        token_hash: i.tokenHash,
        project_id: i.projectId,
        role: i.role,
        created_by: i.createdBy,
        created_at: i.createdAt,
        expires_at: i.expiresAt,
        used_by: null,
      })
      .execute();
  }

  async takeInvitation(tokenHash: string, userId: string, now: string): Promise<Invitation | null> {
    return this.db.transaction().execute(async (trx) => {
      const taken = await trx
        .updateTable('invitations')
        .set({ used_by: userId })
        .where('token_hash', '=', tokenHash)
        .where('used_by', 'is', null)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
      return taken ? toInvitation(taken) : null;
    });
  }

  async findInvitation(tokenHash: string, now: string): Promise<Invitation | null> {
    const row = await this.db
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('used_by', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row ? toInvitation(row) : null;
  }

  async listInvitations(projectId: string, now: string): Promise<Invitation[]> {
    const rows = await this.db
      .selectFrom('invitations')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('used_by', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .orderBy('token_hash')
      .execute();
    return rows.map(toInvitation);
  }

  async deleteInvitation(projectId: string, tokenHash: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('invitations')
      .where('project_id', '=', projectId)
      .where('token_hash', '=', tokenHash)
      .where('used_by', 'is', null)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async getSetting(key: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value ?? null;
  }

  async putSetting(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  async beginImport(p: PendingImport): Promise<void> {
    await this.db
      .insertInto('pending_imports')
      .values({
        id: p.id,
        project_id: p.projectId,
        new_project: p.newProject ? 1 : 0,
        document_ids: JSON.stringify(p.documentIds),
        started_at: p.startedAt,
      })
      .execute();
  }

  async commitImport(c: ImportCommit): Promise<Document[]> {
    return this.db.transaction().execute(async (trx) => {
      const pending = await trx.deleteFrom('pending_imports').where('id', '=', c.importId).executeTakeFirst();
      if (Number(pending.numDeletedRows) !== 1) throw new Error(`import '${c.importId}' is not pending`);
      if (c.project) {
        const p = c.project;
        await trx
          .insertInto('projects')
          .values({ id: p.id, name: p.name, description: p.description, created_at: p.createdAt })
          .execute();
      }
      for (let i = 0; i < c.users.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('users')
          .values(c.users.slice(i, i + INSERT_CHUNK).map(toUserRow))
          .execute();
      }
      const max = await trx
        .selectFrom('documents')
        .select((eb) => eb.fn.max<number | null>('ord').as('ord'))
        .where('project_id', '=', c.projectId)
        .executeTakeFirst();
      const first = (max?.ord ?? 0) + 1;
      const documents: Document[] = c.documents.map((d, i) => ({
        id: d.id,
        projectId: c.projectId,
        title: d.title,
        attributes: d.attributes,
        order: first + i,
        createdAt: d.createdAt,
        source: d.source ? documentSource(d.source) : null,
      }));
      for (let i = 0; i < documents.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('documents')
          .values(
            documents.slice(i, i + INSERT_CHUNK).map((d) => ({
              id: d.id,
              project_id: d.projectId,
              title: d.title,
              attributes: JSON.stringify(d.attributes),
              ord: d.order,
              created_at: d.createdAt,
            })),
          )
          .execute();
      }
      const sources = c.documents.flatMap((d) => (d.source ? [{ id: d.id, source: d.source }] : []));
      for (const { id, source } of sources) {
        await trx
          .insertInto('document_sources')
          .values({
            document_id: id,
            kind: source.kind,
            sha256: source.sha256,
            media_type: source.mediaType,
            file_name: source.fileName,
            bytes: source.bytes,
            pages: source.pages ? JSON.stringify(source.pages) : null,
          })
          .execute();
      }
      for (const m of c.members) {
        await trx
          .insertInto('memberships')
          .values({ project_id: m.projectId, user_id: m.userId, role: m.role })
          .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet({ role: m.role }))
          .execute();
      }
      await insertMemos(trx, c.memos ?? []);
      for (const r of c.refiUsers) {
        // A GUID already known keeps its user: the import matched it, or it names someone else.
        await trx
          .insertInto('refi_users')
          .values({ guid: r.guid, user_id: r.userId, created_at: c.audit.createdAt })
          .onConflict((oc) => oc.column('guid').doNothing())
          .execute();
      }
      await writeDefinitions(trx, c.projectId, c.attributeDefinitions ?? []);
      await insertCases(trx, c.cases ?? []);
      const e = c.audit;
      await trx
        .insertInto('audit_log')
        .values({
          id: e.id,
          project_id: e.projectId,
          actor_id: e.actorId,
          action: e.action,
          details: JSON.stringify(e.details),
          created_at: e.createdAt,
        })
        .execute();
      return documents;
    });
  }

  async listPendingImports(startedBefore: string): Promise<PendingImport[]> {
    const rows = await this.db
      .selectFrom('pending_imports')
      .selectAll()
      .where('started_at', '<', startedBefore)
      .orderBy('started_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      newProject: r.new_project === 1,
      documentIds: JSON.parse(r.document_ids) as string[],
      startedAt: r.started_at,
    }));
  }

  async forgetImport(id: string): Promise<void> {
    await this.db.deleteFrom('pending_imports').where('id', '=', id).execute();
  }

  async getUserByRefiGuid(guid: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('refi_users')
      .innerJoin('users', 'users.id', 'refi_users.user_id')
      .selectAll('users')
      .where('refi_users.guid', '=', guid)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async refiGuidsOf(userIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await lookupInChunks(userIds, (chunk) =>
      this.db
        .selectFrom('refi_users')
        .select(['user_id', 'guid'])
        .where('user_id', 'in', chunk)
        .orderBy('created_at')
        .orderBy('guid')
        .execute(),
    );
    // A user's earliest GUID: each user's rows are in one chunk, in that order.
    const guids = new Map<string, string>();
    for (const row of rows) if (!guids.has(row.user_id)) guids.set(row.user_id, row.guid);
    return guids;
  }
}

/** A new user as its `users` row. */
function toUserRow(u: NewUser) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    synthetic: u.synthetic ? 1 : 0,
    is_admin: u.isAdmin ? 1 : 0,
    created_at: u.createdAt,
    password_hash: u.passwordHash ?? null,
  };
}

function toStoredUpdate(row: { seq: number; data: Uint8Array }): StoredUpdate {
  return { seq: Number(row.seq), data: row.data };
}

function toProject(r: Selectable<ProjectsTable>): Project {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    createdAt: r.created_at,
    blind: r.blind === 1,
    codersEditText: r.coders_edit_text === 1,
    target: r.target === null ? null : TargetSchema.parse(JSON.parse(r.target)),
  };
}

function toCredential(r: Selectable<CredentialsTable>): StoredCredential {
  return {
    id: r.id,
    tokenHash: r.token_hash,
    userId: r.user_id,
    kind: r.kind === 'api' ? 'api' : 'session',
    name: r.name,
    csrf: r.csrf,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

/** A document row with its source's columns, as `selectDocuments` reads them. */
type DocumentRow = Selectable<DocumentsTable> & {
  source_kind: string | null;
  source_sha256: string | null;
  source_media_type: string | null;
  source_file_name: string | null;
  source_bytes: number | null;
  source_pages: string | null;
};

function toDocument(r: DocumentRow): Document {
  return {
    id: r.id,
    projectId: r.project_id,
    title: r.title,
    attributes: JSON.parse(r.attributes) as Record<string, string>,
    order: r.ord,
    createdAt: r.created_at,
    source:
      r.source_kind === null
        ? null
        : documentSource({
            kind: r.source_kind as NewDocumentSource['kind'],
            sha256: r.source_sha256!,
            mediaType: r.source_media_type!,
            fileName: r.source_file_name!,
            bytes: Number(r.source_bytes),
            pages: r.source_pages ? (JSON.parse(r.source_pages) as NewDocumentSource['pages']) : null,
          }),
  };
}

/** A stored source as documents carry it: the page ranges become their count. */
function documentSource(s: NewDocumentSource): DocumentSource {
  return {
    kind: s.kind,
    mediaType: s.mediaType,
    fileName: s.fileName,
    bytes: s.bytes,
    sha256: s.sha256,
    pageCount: s.pages && s.pages.length > 0 ? s.pages.length : null,
  };
}

function toInvitation(r: Selectable<InvitationsTable>): Invitation {
  return {
    tokenHash: r.token_hash,
    projectId: r.project_id,
    role: r.role as Role,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

function toUser(r: Selectable<UsersTable>): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    synthetic: r.synthetic === 1,
    isAdmin: r.is_admin === 1,
    createdAt: r.created_at,
  };
}
