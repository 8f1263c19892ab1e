import { LitElement, html, nothing } from 'lit';
import type { Member } from '../../api/schemas.ts';
import type { AppContext } from '../../context.ts';
import { ProjectController } from '../../controllers/ProjectController.ts';
import type { DocumentsChangedDetail } from '../cc-document-table/document-table.component.ts';
import { codersInProgress, progressFromLayers, type CoderProgress } from '../../model/progress.ts';
import { CONSENSUS } from '../../../../shared/protocol.ts';
import { ProjectProgressSchema, type ProjectProgress } from '../../../../shared/progress/progress.ts';
import styles from './project-page.styles.ts';

/**
 * A project: its documents with each coder's progress and done marks, the members, the open round
 * (cc-round-status: blind or open, switchable by reviewers, started on the Rounds page), and the
 * way to the agreement, review and codebook pages.
 */
export class CcProjectPage extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    progress: { state: true },
    progressSettled: { state: true },
    message: { state: true },
    codingMembers: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  /** Progress per document id, per coder. */
  declare progress: Map<string, CoderProgress[]>;
  /** Whether the first progress reading has answered (or failed): the table waits for it. */
  declare progressSettled: boolean;
  declare message: string | null;
  /** Members without the coder role whose layers hold codings or done marks (owners who code). */
  declare codingMembers: string[];
  private readonly project = new ProjectController(
    this,
    () => ({ context: this.context, projectId: this.projectId }),
    { onRoundChange: () => void this.loadProgress() },
  );
  private loadedFor: unknown = null;
  /** The project whose progress was asked for with its first reading. */
  private progressProject: string | null = null;
  /** That request, until the first reading of the project takes it. */
  private earlyProgress: Promise<ProjectProgress | null> | null = null;
  private reloading = false;
  private reloadAgain = false;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.progress = new Map();
    this.progressSettled = false;
    this.message = null;
    this.codingMembers = [];
  }

  override updated(): void {
    // The progress is asked for with the project's own reading, not after it: the documents table
    // waits for it, so it is built once, with its bars, rather than once without and once with.
    if (this.context && this.projectId && this.progressProject !== this.projectId) {
      this.progressProject = this.projectId;
      this.earlyProgress = this.readProgress();
    }
    // Progress is read again whenever the project is read again.
    const state = this.project.state;
    if (state && this.loadedFor !== state) {
      this.loadedFor = state;
      void this.loadProgress();
    }
  }

  /**
   * The progress columns: coders by role and anyone else who coded (once read), then the
   * consensus, for those who see every layer; one's own column otherwise.
   */
  private coders(members: readonly Member[]): string[] {
    const state = this.project.state;
    if (!state) return [];
    const { permissions } = state;
    const coders = roleCoders(members);
    if (!permissions.seesAllLayers) return coders.filter((c) => c === permissions.subject.userId);
    return [...new Set([...coders, ...this.codingMembers]), CONSENSUS];
  }

  /** One request for every document's progress; null when it failed. */
  private async readProgress(): Promise<ProjectProgress | null> {
    const { context, projectId } = this;
    if (!context || !projectId) return null;
    try {
      return await context.api.get(`/api/projects/${projectId}/progress`, ProjectProgressSchema);
    } catch {
      // The table stays usable without progress: its cells show "…" until the next reading.
      return null;
    }
  }

  /**
   * Every document's progress, from the request started with the project's reading when it is
   * still unused, else from a new one. The server keeps the figures as derived data and leaves
   * out the layers the caller may not see (a coder in a blind round sees their own).
   */
  private async loadProgress(): Promise<void> {
    const reading = this.earlyProgress ?? this.readProgress();
    this.earlyProgress = null;
    const read = await reading;
    this.progressSettled = true;
    const state = this.project.state;
    if (!read || !state) return;
    const byDocument = new Map(read.documents.map((d) => [d.documentId, d]));
    const byRole = roleCoders(state.members);
    this.codingMembers = codersInProgress(byRole, read.documents, new Set([CONSENSUS])).slice(byRole.length);
    const coders = this.coders(state.members);
    this.progress = new Map(
      state.documents.map((d): [string, CoderProgress[]] => {
        const p = byDocument.get(d.id);
        return [d.id, p ? progressFromLayers(p, coders) : []];
      }),
    );
  }

  /**
   * Reads the project again after an import added documents; while a reading is under way, more
   * additions ask for one more reading after it rather than one each (an import of 20 files).
   */
  private reloadSoon(): void {
    if (this.reloading) {
      this.reloadAgain = true;
      return;
    }
    this.reloading = true;
    void (async () => {
      try {
        do {
          this.reloadAgain = false;
          await this.project.reload();
        } while (this.reloadAgain);
      } finally {
        this.reloading = false;
      }
    })();
  }

  override render() {
    if (this.project.error) return html`<p class="error" role="alert">${this.project.error}</p>`;
    const state = this.project.state;
    if (!state) return html`<p class="muted">Loading…</p>`;
    const { project, members, documents, permissions } = state;
    const coders = this.coders(members);
    const names = new Map(members.map((m) => [m.userId, m.name]));
    const base = `/projects/${project.id}`;
    return html`<div class="wrap">
      <div class="head">
        <div>
          <h1>${project.name}</h1>
          ${project.description ? html`<p class="muted">${project.description}</p>` : nothing}
        </div>
        <span class="spacer"></span>
        <cc-round-status
          .context=${this.context}
          .projectId=${project.id}
          .blind=${project.blind}
          .review=${permissions.review}
          @cc-round-changed=${() => void this.project.reload()}
        ></cc-round-status>
      </div>
      <div class="files" data-testid="project-files">
        ${
          permissions.addDocument
            ? html`<cc-import-dialog
                label="Import transcripts…"
                .context=${this.context}
                .target=${{ kind: 'documents', projectId: project.id }}
                @cc-import-added=${(e: CustomEvent<{ pending: number }>) => e.detail.pending === 0 && this.reloadSoon()}
                @cc-import-closed=${(e: CustomEvent<{ summary: string }>) =>
                  (this.message = e.detail.summary || this.message)}
              ></cc-import-dialog>`
            : nothing
        }
        <cc-export-menu
          .context=${this.context}
          .project=${project}
          .permissions=${permissions}
        ></cc-export-menu>
      </div>
      <nav aria-label="Project">
        <a href="${base}/agreement">Agreement</a>
        ${permissions.review ? html`<a href="${base}/review">Review disagreements</a>` : nothing}
        <a href="${base}/codebook">Codebook</a>
        <a href="${base}/rounds">Rounds</a>
        <a href="${base}/analysis">Analysis</a>
        <a href="${base}/memos">Memos</a>
        <a href="${base}/search">Search</a>
        ${project.role ? html`<span class="muted">You are ${article(project.role)} ${project.role}.</span>` : nothing}
      </nav>
      ${this.message ? html`<p role="status" data-testid="project-message">${this.message}</p>` : nothing}
      <cc-my-documents .context=${this.context} .projectId=${project.id} .revision=${state}></cc-my-documents>
      <div class="grid">
        <section class="card">
          <h2>Documents</h2>
          ${
            documents.length === 0
              ? html`<p class="muted" data-testid="empty-documents">
                  ${
                    permissions.addDocument
                      ? 'No transcripts yet. Add the first ones with “Import transcripts…”: drop or choose files, or paste a transcript. Then build the codebook and invite your coders.'
                      : 'No transcripts yet. The project’s owner or a reviewer adds them; they appear here, ready to code.'
                  }
                </p>`
              : !this.progressSettled
                ? html`<p class="muted">Loading…</p>`
                : html`<cc-document-table
                    .context=${this.context}
                    .documents=${documents}
                    .progress=${this.progress}
                    .coders=${coders}
                    .coderNames=${names}
                    .canManage=${permissions.manageDocuments}
                    @cc-documents-changed=${(e: CustomEvent<DocumentsChangedDetail>) => {
                      this.message = e.detail.message;
                      void this.project.reload();
                    }}
                  ></cc-document-table>`
          }
        </section>
        <aside class="card">
          <h2>Members</h2>
          <ul class="members" data-testid="members">
            ${members.map(
              (m) =>
                html`<li data-user-id=${m.userId}>
                  ${m.name} <span class="badge">${m.role}</span>
                  ${m.synthetic ? html`<span class="badge" title="Generated data">synthetic</span>` : nothing}
                </li>`,
            )}
          </ul>
          ${permissions.manageMembers ? html`<p><a href="${base}/members">Manage members</a></p>` : nothing}
        </aside>
      </div>
    </div>`;
  }
}

function article(role: string): string {
  return /^[aeiou]/.test(role) ? 'an' : 'a';
}

/** The members with the coder role, by id. */
function roleCoders(members: readonly Member[]): string[] {
  return members.filter((m) => m.role === 'coder').map((m) => m.userId);
}
