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
}

export type { Generated };
