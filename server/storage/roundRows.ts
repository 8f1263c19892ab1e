/**
 * The `RoundStore` part of the storage contract over Kysely (both dialects): codebook versions,
 * recorded merges, rounds with their documents and coders, and assignments.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { CodebookEntrySchema, type CodebookEntry } from '../../shared/model/codebookEntries.ts';
import type { RecordedMerge } from '../../shared/model/codebookDiff.ts';
import type { Assignment } from '../../shared/rounds/split.ts';
import {
  DrawnSampleSchema,
  IdListSchema,
  VersionReasonSchema,
  type CodebookVersion,
  type Round,
} from '../../shared/rounds/schemas.ts';
import type { CodebookVersionsTable, Database, RoundsTable } from './schema.ts';
import type { NewCodebookVersion, NewRound, RoundClosing, RoundStore } from './Storage.ts';

/** Rows per INSERT, well below SQLite's bound-parameter limit. */
const CHUNK = 200;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function toVersion(row: Omit<Selectable<CodebookVersionsTable>, 'codes'>): CodebookVersion {
  return {
    version: Number(row.version),
    projectId: row.project_id,
    reason: VersionReasonSchema.parse(row.reason),
    note: row.note,
    roundId: row.round_id,
    createdAt: row.created_at,
    createdBy: row.created_by,
    codeCount: Number(row.code_count),
  };
}

async function insertVersion(trx: Transaction<Database>, v: NewCodebookVersion): Promise<CodebookVersion> {
  // The increment takes the project row's lock (PostgreSQL) or the write lock (SQLite) first, so
  // concurrent recorders get distinct, consecutive numbers.
  const { codebook_version: version } = await trx
    .updateTable('projects')
    .set((eb) => ({ codebook_version: eb('codebook_version', '+', 1) }))
    .where('id', '=', v.projectId)
    .returning('codebook_version')
    .executeTakeFirstOrThrow();
  const row = {
    project_id: v.projectId,
    version: Number(version),
    reason: v.reason,
    note: v.note,
    round_id: v.roundId,
    created_at: v.createdAt,
    created_by: v.createdBy,
    code_count: v.codes.length,
  };
  await trx
    .insertInto('codebook_versions')
    .values({ ...row, codes: JSON.stringify(v.codes) })
    .execute();
  return toVersion(row);
}

export class RoundRows implements RoundStore {
  constructor(private readonly db: Kysely<Database>) {}

  recordCodebookVersion(v: NewCodebookVersion): Promise<CodebookVersion> {
    return this.db.transaction().execute((trx) => insertVersion(trx, v));
  }

  async listCodebookVersions(projectId: string): Promise<CodebookVersion[]> {
    const rows = await this.db
      .selectFrom('codebook_versions')
      .select([
        'project_id',
        'version',
        'reason',
        'note',
        'round_id',
        'created_at',
        'created_by',
        'code_count',
      ])
      .where('project_id', '=', projectId)
      .orderBy('version')
      .execute();
    return rows.map(toVersion);
  }

  async getCodebookVersion(
    projectId: string,
    version: number,
  ): Promise<(CodebookVersion & { codes: CodebookEntry[] }) | null> {
    const row = await this.db
      .selectFrom('codebook_versions')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) return null;
    return { ...toVersion(row), codes: CodebookEntrySchema.array().parse(JSON.parse(row.codes)) };
  }

  async recordCodeMerge(
    m: RecordedMerge & { id: string; projectId: string; mergedAt: string },
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const project = await trx
        .selectFrom('projects')
        .select('codebook_version')
        .where('id', '=', m.projectId)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('code_merges')
        .values({
          id: m.id,
          project_id: m.projectId,
          source_id: m.sourceId,
          target_id: m.targetId,
          after_version: Number(project.codebook_version),
          merged_at: m.mergedAt,
        })
        .execute();
    });
  }

  async listCodeMerges(projectId: string, from: number, to: number): Promise<RecordedMerge[]> {
    const rows = await this.db
      .selectFrom('code_merges')
      .select(['source_id', 'target_id'])
      .where('project_id', '=', projectId)
      .where('after_version', '>=', from)
      .where('after_version', '<', to)
      .orderBy('merged_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ sourceId: r.source_id, targetId: r.target_id }));
  }

  startRound(round: NewRound, codebook: NewCodebookVersion): Promise<Round | null> {
    return this.db.transaction().execute(async (trx) => {
      // Taking the project row's lock first serialises concurrent starts (PostgreSQL); the check
      // below then sees a round another start committed meanwhile.
      await trx
        .updateTable('projects')
        .set((eb) => ({ access_version: eb('access_version', '+', 1) }))
        .where('id', '=', round.projectId)
        .execute();
      const open = await trx
        .selectFrom('rounds')
        .select('id')
        .where('project_id', '=', round.projectId)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (open) return null;
      const project = await trx
        .selectFrom('projects')
        .select('blind')
        .where('id', '=', round.projectId)
        .executeTakeFirstOrThrow();
      const version = await insertVersion(trx, { ...codebook, roundId: round.id });
      await trx
        .insertInto('rounds')
        .values({
          id: round.id,
          project_id: round.projectId,
          name: round.name,
          blind: round.blind ? 1 : 0,
          status: 'open',
          sample: round.sample ? JSON.stringify(round.sample) : null,
          codebook_version: version.version,
          closed_codebook_version: null,
          started_at: round.startedAt,
          started_by: round.startedBy,
          closed_at: null,
          blind_before: project.blind,
          recode: round.recode === true ? 1 : 0,
          coded_before: round.codedBefore?.length ? JSON.stringify(round.codedBefore) : null,
          frozen_agreement: null,
        })
        .execute();
      for (let i = 0; i < round.documents.length; i += CHUNK) {
        await trx
          .insertInto('round_documents')
          .values(round.documents.slice(i, i + CHUNK).map((d) => ({ round_id: round.id, document_id: d })))
          .execute();
      }
      await trx
        .insertInto('round_coders')
        .values(round.coders.map((c) => ({ round_id: round.id, user_id: c })))
        .execute();
      // The project's blind switch is now the round's (the access version was raised above).
      await trx
        .updateTable('projects')
        .set({ blind: round.blind ? 1 : 0 })
        .where('id', '=', round.projectId)
        .execute();
      return this.readRound(trx, round.id);
    });
  }

  closeRound(roundId: string, closing: RoundClosing, codebook: NewCodebookVersion): Promise<Round | null> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('rounds')
        .select(['project_id', 'blind_before', 'status'])
        .where('id', '=', roundId)
        .executeTakeFirst();
      if (row?.status !== 'open') return null;
      const version = await insertVersion(trx, { ...codebook, roundId });
      await trx
        .updateTable('rounds')
        .set({
          status: 'closed',
          closed_at: closing.closedAt,
          closed_codebook_version: version.version,
          frozen_agreement: JSON.stringify(closing.agreement),
        })
        .where('id', '=', roundId)
        .execute();
      await trx
        .updateTable('projects')
        .set((eb) => ({ blind: row.blind_before, access_version: eb('access_version', '+', 1) }))
        .where('id', '=', row.project_id)
        .execute();
      return this.readRound(trx, roundId);
    });
  }

  getRound(roundId: string): Promise<Round | null> {
    return this.readRound(this.db, roundId);
  }

  async listRounds(projectId: string): Promise<Round[]> {
    const rows = await this.db
      .selectFrom('rounds')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('started_at')
      .orderBy('id')
      .execute();
    return Promise.all(rows.map((r) => this.withMembers(this.db, r)));
  }

  async frozenAgreement(roundId: string): Promise<unknown> {
    const row = await this.db
      .selectFrom('rounds')
      .select('frozen_agreement')
      .where('id', '=', roundId)
      .executeTakeFirst();
    return row?.frozen_agreement ? (JSON.parse(row.frozen_agreement) as unknown) : null;
  }

  putAssignments(projectId: string, assignments: readonly Assignment[]): Promise<void> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('assignments').where('project_id', '=', projectId).execute();
      const rows = assignments.flatMap((a) =>
        [...new Set(a.coders)].map((c) => ({ project_id: projectId, document_id: a.documentId, user_id: c })),
      );
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx
          .insertInto('assignments')
          .values(rows.slice(i, i + CHUNK))
          .execute();
      }
    });
  }

  async listAssignments(projectId: string): Promise<Assignment[]> {
    const rows = await this.db
      .selectFrom('assignments')
      .select(['document_id', 'user_id'])
      .where('project_id', '=', projectId)
      .execute();
    const byDocument = new Map<string, string[]>();
    for (const r of rows)
      byDocument.set(r.document_id, [...(byDocument.get(r.document_id) ?? []), r.user_id]);
    return [...byDocument]
      .sort(([a], [b]) => byText(a, b))
      .map(([documentId, coders]) => ({ documentId, coders: coders.sort(byText) }));
  }

  private async readRound(
    db: Kysely<Database> | Transaction<Database>,
    roundId: string,
  ): Promise<Round | null> {
    const row = await db.selectFrom('rounds').selectAll().where('id', '=', roundId).executeTakeFirst();
    return row ? this.withMembers(db, row) : null;
  }

  private async withMembers(
    db: Kysely<Database> | Transaction<Database>,
    row: Selectable<RoundsTable>,
  ): Promise<Round> {
    const [documents, coders] = await Promise.all([
      db.selectFrom('round_documents').select('document_id').where('round_id', '=', row.id).execute(),
      db.selectFrom('round_coders').select('user_id').where('round_id', '=', row.id).execute(),
    ]);
    return {
      id: row.id,
      projectId: row.project_id,
      name: row.name,
      blind: row.blind === 1,
      recode: row.recode === 1,
      status: row.status === 'open' ? 'open' : 'closed',
      coders: coders.map((c) => c.user_id).sort(byText),
      documents: documents.map((d) => d.document_id).sort(byText),
      sample: row.sample ? DrawnSampleSchema.parse(JSON.parse(row.sample)) : null,
      codedBefore: row.coded_before ? IdListSchema.parse(JSON.parse(row.coded_before)) : [],
      codebookVersion: Number(row.codebook_version),
      closedCodebookVersion:
        row.closed_codebook_version === null ? null : Number(row.closed_codebook_version),
      startedAt: row.started_at,
      startedBy: row.started_by,
      closedAt: row.closed_at,
    };
  }
}
