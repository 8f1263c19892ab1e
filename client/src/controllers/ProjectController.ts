/**
 * Loads a project (with the user's role), its members and documents for the page showing it,
 * and re-reads the project every few seconds so a round turning blind or open reshapes the view
 * without a reload.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from '../api/ApiClient.ts';
import {
  DocumentListSchema,
  MemberListSchema,
  ProjectWithRoleSchema,
  type Member,
  type ProjectWithRole,
} from '../api/schemas.ts';
import type { AppContext } from '../context.ts';
import { permissionsOf, type Permissions } from '../model/permissions.ts';
import type { Document } from '../../../shared/schemas.ts';

export interface ProjectState {
  project: ProjectWithRole;
  members: Member[];
  documents: Document[];
  permissions: Permissions;
}

export class ProjectController implements ReactiveController {
  state: ProjectState | null = null;
  error: string | null = null;
  private key: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly inputs: () => { context: AppContext | null; projectId: string | null },
    private readonly options: { pollMs?: number; onRoundChange?: () => void } = {},
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const { context, projectId } = this.inputs();
    const key = context && projectId ? `${context.user.id}/${projectId}` : null;
    if (key === this.key) return;
    this.key = key;
    this.state = null;
    this.error = null;
    this.stopPolling();
    if (key) {
      void this.reload();
      this.timer = setInterval(() => void this.refreshProject(), this.options.pollMs ?? 5000);
    }
  }

  hostDisconnected(): void {
    this.stopPolling();
    this.key = null;
  }

  /** Reads everything again. */
  async reload(): Promise<void> {
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
    if (!context || !projectId || !this.state || document.hidden) return;
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

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
