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

export interface Database {
  rooms: RoomsTable;
  room_updates: RoomUpdatesTable;
  projects: ProjectsTable;
  documents: DocumentsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  settings: SettingsTable;
}

export type { Generated };
