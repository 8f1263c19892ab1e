import { LitElement, html, nothing } from 'lit';
import { ApiError } from '../../api/ApiClient.ts';
import { CreatedSchema, MeSchema, ProjectListSchema } from '../../api/schemas.ts';
import type { AppContext } from '../../context.ts';
import { navigateEvent } from '../../events.ts';
import type { Project, Role } from '../../../../shared/schemas.ts';
import type { ImportTarget } from '../../model/importFiles.ts';
import styles from './project-list.styles.ts';

/** The project list's imports make new projects. */
const IMPORT_TARGET: ImportTarget = { kind: 'projects' };

/**
 * The projects the user belongs to (administrators: all), a form to start a new one, and the
 * import dialog that makes one from a REFI-QDA file.
 */
export class CcProjectList extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projects: { state: true },
    roles: { state: true },
    error: { state: true },
  };
  declare context: AppContext | null;
  declare projects: Project[] | null;
  declare roles: Map<string, Role | null>;
  declare error: string | null;

  constructor() {
    super();
    this.context = null;
    this.projects = null;
    this.roles = new Map();
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    if (!this.context) return;
    try {
      const [projects, me] = await Promise.all([
        this.context.api.get('/api/projects', ProjectListSchema),
        this.context.api.get('/api/me', MeSchema),
      ]);
      this.projects = projects;
      this.roles = new Map(me.memberships.map((m) => [m.projectId, m.role]));
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'Projects could not be loaded.';
    }
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.context) return;
    const form = e.target as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (!name) return;
    try {
      const project = await this.context.api.post('/api/projects', { name }, CreatedSchema);
      this.dispatchEvent(navigateEvent(`/projects/${project.id}`));
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : 'The project could not be created.';
    }
  }

  override render() {
    return html`<div class="wrap">
      <h1>Projects</h1>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        this.projects === null
          ? html`<p class="muted">Loading…</p>`
          : this.projects.length === 0
            ? html`<p class="muted">No projects yet. Start one below, or ask an owner to invite you.</p>`
            : html`<ul data-testid="project-list">
                ${this.projects.map(
                  (p) =>
                    html`<li class="card">
                      <a href="/projects/${p.id}">${p.name}</a>
                      ${p.blind ? html` <span class="badge">blind round</span>` : nothing}
                      ${this.roles.get(p.id) ? html` <span class="badge">${this.roles.get(p.id)}</span>` : nothing}
                      ${p.description ? html`<p class="muted">${p.description}</p>` : nothing}
                    </li>`,
                )}
              </ul>`
      }
      <form class="card" @submit=${(e: SubmitEvent) => void this.create(e)}>
        <label class="visually-hidden" for="new-name">New project name</label>
        <input id="new-name" name="name" placeholder="New project name" maxlength="200" required />
        <button type="submit">Create project</button>
      </form>
      <div class="row">
        <cc-import-dialog
          label="Import a project (.qdpx, .qdc)…"
          .context=${this.context}
          .target=${IMPORT_TARGET}
          @cc-import-added=${() => void this.load()}
        ></cc-import-dialog>
        <span class="muted">from NVivo, ATLAS.ti, MAXQDA, QualCoder or another Concord</span>
      </div>
    </div>`;
  }
}
