/** Table types for Kysely: one typed query layer over SQLite and PostgreSQL. */
import type { ColumnType, Generated } from 'kysely';

/** PostgreSQL returns int8 as text unless told otherwise; we parse it to number in the adapter. */
type Int = ColumnType<number, number, number>;

export interface RoomsTable {
  name: string;
  last_seq: Int;
  snapshot: Uint8Array | null;
  snapshot_seq: Int;
}

export interface RoomUpdatesTable {
  room: string;
  seq: Int;
  data: Uint8Array;
}

export interface ProjectsTable {
  id: string;
  name: string;
  description: string;
  created_at: string;
  blind: ColumnType<number, number | undefined, number>;
  coders_edit_text: ColumnType<number, number | undefined, number>;
  /** Raised by every change to the project's memberships, roles or round. */
  access_version: ColumnType<number, number | undefined, number>;
  /** The last codebook version number recorded. */
  codebook_version: ColumnType<number, number | undefined, number>;
  /** JSON `{ measure, value }`: the agreement target; null when unset. */
  target: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DocumentsTable {
  id: string;
  project_id: string;
  title: string;
  /** JSON object of string attributes. */
  attributes: string;
  ord: number;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  synthetic: number;
  created_at: string;
  password_hash: string | null;
  is_admin: ColumnType<number, number | undefined, number>;
}

export interface CredentialsTable {
  id: string;
  token_hash: string;
  user_id: string;
  /** `session` (cookie login, expires) or `api` (Bearer token for scripts). */
  kind: string;
  name: string;
  /** Double-submit CSRF secret of a cookie session. */
  csrf: string;
  created_at: string;
  expires_at: string | null;
}

export interface AuditLogTable {
  id: string;
  project_id: string | null;
  actor_id: string | null;
  action: string;
  details: string;
  created_at: string;
}

export interface InvitationsTable {
  token_hash: string;
  project_id: string;
  role: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_by: string | null;
}

export interface MembershipsTable {
  project_id: string;
  user_id: string;
  role: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface PendingImportsTable {
  id: string;
  project_id: string;
  /** 1 when the import creates the project, 0 when it adds documents to an existing one. */
  new_project: number;
  /** JSON array of the ids of the documents it creates. */
  document_ids: string;
  started_at: string;
}

export interface RefiUsersTable {
  /** A REFI-QDA `User@guid`, lower case without braces. */
  guid: string;
  user_id: string;
  created_at: string;
}

export interface CodebookVersionsTable {
  project_id: string;
  version: Int;
  /** `manual`, `round-start` or `round-close`. */
  reason: string;
  note: string;
  round_id: string | null;
  created_at: string;
  created_by: string | null;
  code_count: Int;
  /** JSON array of `CodebookEntry`. */
  codes: string;
}

export interface CodeMergesTable {
  id: string;
  project_id: string;
  source_id: string;
  target_id: string;
  /** The last codebook version recorded before the merge. */
  after_version: Int;
  merged_at: string;
}

export interface RoundsTable {
  id: string;
  project_id: string;
  name: string;
  blind: number;
  /** `open` or `closed`. */
  status: string;
  /** JSON `DrawnSample`, or null. */
  sample: string | null;
  codebook_version: Int;
  closed_codebook_version: number | null;
  started_at: string;
  started_by: string | null;
  closed_at: string | null;
  blind_before: number;
  /** 1 when the round's coders recode its documents in fresh layers. */
  recode: ColumnType<number, number | undefined, number>;
  /** JSON array of document ids already coded when the round started; null for none. */
  coded_before: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON `FrozenAgreement`, set when the round closes. */
  frozen_agreement: string | null;
}

export interface RoundDocumentsTable {
  round_id: string;
  document_id: string;
}

export interface RoundCodersTable {
  round_id: string;
  user_id: string;
}

export interface AssignmentsTable {
  project_id: string;
  document_id: string;
  user_id: string;
}

export interface MemosTable {
  id: string;
  project_id: string;
  /** The user who wrote it; no foreign key, so a memo outlives its author's account. */
  author_id: string;
  /** `project`, `document` or `code`. */
  kind: string;
  title: string;
  /** JSON `MemoLinks`: codes, documents, passages `{ documentId, start, end }` in code points. */
  links: string;
  /** Plain-text copy of the memo room's body, for lists and search (derived; the room is truth). */
  body: string;
  created_at: string;
  updated_at: string;
}

export interface AttributeDefinitionsTable {
  project_id: string;
  name: string;
  /** `text`, `number`, `date` or `boolean`. */
  type: string;
}

export interface CasesTable {
  id: string;
  project_id: string;
  name: string;
  description: string;
  created_at: string;
}

export interface CaseDocumentsTable {
  case_id: string;
  document_id: string;
}

export interface DocumentSourcesTable {
  document_id: string;
  kind: string;
  sha256: string;
  media_type: string;
  file_name: string;
  bytes: Int;
  /** JSON `[{ start, end }]` in code points, per page of a PDF; null for recordings. */
  pages: string | null;
}

/** Each layer's progress on a document (derived from the rooms; ProgressService). */
export interface DocumentProgressTable {
  document_id: string;
  /** The layer key: a coder's id or `consensus`. */
  layer: string;
  codings: number;
  /** Code points covered by the layer's codings. */
  covered: number;
  /** The text's length in code points. */
  length: number;
  /** 1 when the coder marked the document done. */
  done: number;
  text_seq: Int;
  layer_seq: Int;
}

export interface Database {
  rooms: RoomsTable;
  room_updates: RoomUpdatesTable;
  projects: ProjectsTable;
  documents: DocumentsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  settings: SettingsTable;
  credentials: CredentialsTable;
  audit_log: AuditLogTable;
  invitations: InvitationsTable;
  pending_imports: PendingImportsTable;
  refi_users: RefiUsersTable;
  codebook_versions: CodebookVersionsTable;
  code_merges: CodeMergesTable;
  rounds: RoundsTable;
  round_documents: RoundDocumentsTable;
  round_coders: RoundCodersTable;
  assignments: AssignmentsTable;
  memos: MemosTable;
  attribute_definitions: AttributeDefinitionsTable;
  cases: CasesTable;
  case_documents: CaseDocumentsTable;
  document_sources: DocumentSourcesTable;
  document_progress: DocumentProgressTable;
}

export type { Generated };
