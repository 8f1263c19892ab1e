/**
 * Loads a project (with the user's role), its members and documents for the page showing it,
 * and re-reads the project every few seconds so a round turning blind or open reshapes the view
 * without a reload.
 */
import type { ReactiveControllerHost } from 'lit';
import { ApiError } from '../api/ApiClient.ts';
import {
  DocumentListSchema,
  MemberListSchema,
  ProjectWithRoleSchema,
  type Member,
  type ProjectWithRole,
} from '../api/schemas.ts';
import { permissionsOf, type Permissions } from '../model/permissions.ts';
import type { Document } from '../../../shared/schemas.ts';
import { ProjectPolling, type ProjectInputs } from './ProjectPolling.ts';

export interface ProjectState {
  project: ProjectWithRole;
  members: Member[];
  documents: Document[];
  permissions: Permissions;
}

export class ProjectController extends ProjectPolling {
  state: ProjectState | null = null;

  /**
   * @param options.pollMs how often the project is read again, in milliseconds (default 5000).
   * @param options.onRoundChange called after a re-read found the round (blind, the user's role,
   *   text editing) changed and everything was loaded again.
   */
  constructor(
    host: ReactiveControllerHost,
    inputs: ProjectInputs,
    private readonly options: { pollMs?: number; onRoundChange?: () => void } = {},
  ) {
    super(host, inputs, options.pollMs);
  }

  protected clear(): void {
    this.state = null;
  }

  /** Between full reads, only the project is read again: a changed round reloads everything. */
  protected override poll(): void {
    void this.refreshProject();
  }

  /** Reads everything again. */
  override async reload(): Promise<void> {
    const { context, projectId } = this.inputs();
    if (!context || !projectId) return;
    const generation = ++this.generation;
    try {
      const base = `/api/projects/${projectId}`;
      const [project, members, documents] = await Promise.all([
        context.api.get(base, ProjectWithRoleSchema),
        context.api.get(`${base}/members`, MemberListSchema),
        context.api.get(`${base}/documents`, DocumentListSchema),
      ]);
      if (generation !== this.generation) return;
      this.state = { project, members, documents, permissions: permissionsOf(context.user, project) };
      this.error = null;
    } catch (err) {
      if (generation !== this.generation) return;
      this.error =
        err instanceof ApiError && err.status === 404
          ? 'This project does not exist, or you are not a member.'
          : 'The project could not be loaded.';
    }
    this.host.requestUpdate();
  }

  private async refreshProject(): Promise<void> {
    const { context, projectId } = this.inputs();
    if (!context || !projectId || !this.state) return;
    try {
      const project = await context.api.get(`/api/projects/${projectId}`, ProjectWithRoleSchema);
      const before = this.state.project;
      if (
        project.blind === before.blind &&
        project.role === before.role &&
        project.codersEditText === before.codersEditText
      ) {
        return;
      }
      await this.reload();
      this.options.onRoundChange?.();
    } catch {
      // A missed poll is retried on the next tick; the sync indicator already shows being offline.
    }
  }
}
