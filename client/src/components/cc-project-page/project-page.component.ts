import { LitElement, html, nothing } from 'lit';
import { ApiError } from '../../api/ApiClient.ts';
import { CodedDocumentSchema, CreatedSchema, DocumentsImportSchema, type Member } from '../../api/schemas.ts';
import type { AppContext } from '../../context.ts';
import { ProjectController } from '../../controllers/ProjectController.ts';
import { coderProgress, type CoderProgress } from '../../model/progress.ts';
import { CONSENSUS } from '../../../../shared/protocol.ts';
import { PasswordResetSchema, type Document, type PasswordReset } from '../../../../shared/schemas.ts';
import styles from './project-page.styles.ts';

/**
 * A project: its documents with each coder's progress and done marks, the members, the round
 * (open or blind, switchable by reviewers), and the way to the agreement, review and codebook pages.
 */
export class CcProjectPage extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    progress: { state: true },
    message: { state: true },
    confirmBlind: { state: true },
    reset: { state: true },
    textError: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  /** Progress per document id, per coder. */
  declare progress: Map<string, CoderProgress[]>;
  declare message: string | null;
  /** "Start a blind round" was pressed: the page says what changes and asks to confirm. */
  declare confirmBlind: boolean;
  /** A password an administrator just reset, shown once until dismissed. */
  declare reset: (PasswordReset & { name: string; copied: boolean }) | null;
  /** The server's message about the pasted text, shown beside it. */
  declare textError: string | null;
  private readonly project = new ProjectController(
    this,
    () => ({ context: this.context, projectId: this.projectId }),
    { onRoundChange: () => void this.loadProgress() },
  );
  private loadedFor: unknown = null;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.progress = new Map();
    this.message = null;
    this.confirmBlind = false;
    this.reset = null;
    this.textError = null;
  }

  override updated(): void {
    // Progress is read once the documents are known, and again when the project reloads.
    const state = this.project.state;
    if (state && this.loadedFor !== state) {
      this.loadedFor = state;
      void this.loadProgress();
    }
  }

  /** Coders whose progress is shown: members with a layer, and the consensus for those who see it. */
  private coders(members: readonly Member[]): string[] {
    const state = this.project.state;
    if (!state) return [];
    const { permissions } = state;
    const coders = members.filter((m) => m.role === 'coder').map((m) => m.userId);
    if (!permissions.seesAllLayers) return coders.filter((c) => c === permissions.subject.userId);
    return [...coders, CONSENSUS];
  }

  private async loadProgress(): Promise<void> {
    const state = this.project.state;
    if (!state || !this.context) return;
    const coders = this.coders(state.members);
    const api = this.context.api;
    const entries = await Promise.all(
      state.documents.map(async (d): Promise<[string, CoderProgress[]]> => {
        try {
          const coded = await api.get(
            `/api/projects/${d.projectId}/documents/${d.id}/codings`,
            CodedDocumentSchema,
          );
          return [d.id, coderProgress(coded.length, coded.codings, coded.completed, coders)];
        } catch {
          return [d.id, []];
        }
      }),
    );
    this.progress = new Map(entries);
  }

  private async setBlind(blind: boolean): Promise<void> {
    if (!this.context || !this.projectId) return;
    this.confirmBlind = false;
    try {
      await this.context.api.send('PATCH', `/api/projects/${this.projectId}`, { blind });
      this.message = blind
        ? 'Blind round: coders now see only their own codings.'
        : 'Open round: everyone sees everyone’s codings.';
      await this.project.reload();
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The round could not be changed.';
    }
  }

  /** An administrator's reset of a member's password; the new one is shown once, here. */
  private async resetPassword(member: Member): Promise<void> {
    if (!this.context) return;
    this.reset = null;
    try {
      const reset = await this.context.api.post(
        `/api/users/${member.userId}/password`,
        undefined,
        PasswordResetSchema,
      );
      this.reset = { ...reset, name: member.name, copied: false };
      this.message = null;
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The password could not be reset.';
    }
  }

  private async copyReset(): Promise<void> {
    if (!this.reset) return;
    try {
      await navigator.clipboard.writeText(this.reset.password);
      this.reset = { ...this.reset, copied: true };
    } catch {
      // Without clipboard permission the password stays selectable on the page.
      this.message = 'Copying was refused by the browser: select the password and copy it.';
    }
  }

  /**
   * Files go to the import route as they are (multipart), so the server decodes and checks them
   * as every import does (.docx read as Word, legacy encodings, binary refused); pasted text goes
   * as JSON through the same checks, and a refusal is shown beside the text.
   */
  private async addDocument(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.context || !this.projectId) return;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const file = data.get('file');
    this.textError = null;
    try {
      if (file instanceof File && file.name !== '') {
        const upload = new FormData();
        upload.append('file', file, file.name);
        const summary = await this.context.api.upload(
          `/api/projects/${this.projectId}/documents/import`,
          upload,
          DocumentsImportSchema,
        );
        const titles = summary.documents.map((d) => `“${d.title}”`).join(', ');
        this.message = [`Added ${titles}.`, ...summary.warnings].join(' ');
      } else {
        const text = String(data.get('text') ?? '');
        const title = String(data.get('title') ?? '').trim() || 'Pasted transcript';
        await this.context.api.post(
          `/api/projects/${this.projectId}/documents`,
          { title, text },
          CreatedSchema,
        );
        this.message = `Added “${title}”.`;
      }
      form.reset();
      await this.project.reload();
    } catch (err) {
      this.textError = err instanceof ApiError ? err.fieldMessage('text') : null;
      this.message = err instanceof ApiError ? err.message : 'The document could not be added.';
    }
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
        <div class="round">
          <span class="badge" data-blind=${String(project.blind)} data-testid="round-state"
            >${project.blind ? 'Blind round' : 'Open round'}</span
          >
          ${
            permissions.review
              ? html`<button
                  type="button"
                  @click=${() => (project.blind ? void this.setBlind(false) : (this.confirmBlind = true))}
                >
                  ${project.blind ? 'Open the round' : 'Start a blind round…'}
                </button>`
              : nothing
          }
        </div>
      </div>
      ${
        this.confirmBlind && !project.blind
          ? html`<section
              class="card confirm"
              role="alertdialog"
              aria-labelledby="blind-title"
              data-testid="confirm-blind"
            >
              <h2 id="blind-title">Start a blind round?</h2>
              <p>
                Until you open the round again, coders and viewers see only their own codings: other coders'
                codings, the consensus, their cursors and selections, and every agreement figure are hidden
                from them, in documents they have open too. Reviewers and owners still see everything. Nothing
                is deleted.
              </p>
              <div class="actions">
                <button type="button" class="primary" @click=${() => void this.setBlind(true)}>
                  Start the blind round
                </button>
                <button type="button" @click=${() => (this.confirmBlind = false)}>Cancel</button>
              </div>
            </section>`
          : nothing
      }
      <nav aria-label="Project">
        <a href="${base}/agreement">Agreement</a>
        ${permissions.review ? html`<a href="${base}/review">Review disagreements</a>` : nothing}
        <a href="${base}/codebook">Codebook</a>
        <a href="${base}/rounds">Rounds</a>
        ${project.role ? html`<span class="muted">You are ${article(project.role)} ${project.role}.</span>` : nothing}
      </nav>
      ${this.message ? html`<p role="status" data-testid="project-message">${this.message}</p>` : nothing}
      <cc-my-documents .context=${this.context} .projectId=${project.id} .revision=${state}></cc-my-documents>
      <div class="grid">
        <section class="card">
          <h2>Documents</h2>
          ${
            documents.length === 0
              ? html`<p class="muted">No documents yet.</p>`
              : html`<table data-testid="documents">
                  <thead>
                    <tr>
                      <th>Document</th>
                      ${coders.map((c) => html`<th>${c === CONSENSUS ? 'Consensus' : (names.get(c) ?? c)}</th>`)}
                    </tr>
                  </thead>
                  <tbody>
                    ${documents.map((d) => this.documentRow(d, coders))}
                  </tbody>
                </table>`
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
                  ${
                    this.context?.user.isAdmin
                      ? html`<button
                          type="button"
                          class="link"
                          aria-label="Reset the password of ${m.name}"
                          @click=${() => void this.resetPassword(m)}
                        >
                          Reset password
                        </button>`
                      : nothing
                  }
                </li>`,
            )}
          </ul>
          ${this.reset ? this.resetNotice(this.reset) : nothing}
          ${permissions.addDocument ? this.addDocumentForm() : nothing}
        </aside>
      </div>
    </div>`;
  }

  private resetNotice(reset: NonNullable<CcProjectPage['reset']>) {
    return html`<div class="reset" role="status" data-testid="password-reset">
      <p>New password for ${reset.name} (${reset.email}), shown only this once; their sessions have ended:</p>
      <p><code data-testid="new-password">${reset.password}</code></p>
      <button type="button" @click=${() => void this.copyReset()}>${reset.copied ? 'Copied' : 'Copy'}</button>
      <button type="button" @click=${() => (this.reset = null)}>Done</button>
    </div>`;
  }

  private documentRow(d: Document, coders: readonly string[]) {
    const progress = this.progress.get(d.id);
    return html`<tr>
      <td><a href="/projects/${d.projectId}/documents/${d.id}">${d.title}</a></td>
      ${coders.map((c) => {
        const p = progress?.find((x) => x.coder === c);
        if (!p) return html`<td class="progress muted">…</td>`;
        const pct = Math.round(p.coverage * 100);
        return html`<td class="progress" data-coder=${c}>
          <span class="bar" title="${pct}% of the text coded"><span style="width:${pct}%"></span></span>
          ${p.codings} ${p.done ? html`<span class="done" title="Marked done">✓ done</span>` : nothing}
        </td>`;
      })}
    </tr>`;
  }

  private addDocumentForm() {
    return html`<h3 style="margin-top:16px">Add a transcript</h3>
      <form @submit=${(e: SubmitEvent) => void this.addDocument(e)}>
        <label
          >Transcript file (.txt, .md, .docx, .vtt, .srt)
          <input name="file" type="file" accept=".txt,.text,.md,.markdown,.docx,.vtt,.srt"
        /></label>
        <label>…or a title <input name="title" maxlength="500" /></label>
        <label
          >and the pasted text
          <textarea
            name="text"
            aria-invalid=${this.textError ? 'true' : 'false'}
            aria-describedby="text-error"
          ></textarea>
        </label>
        ${
          this.textError ? html`<p id="text-error" class="error" role="alert">${this.textError}</p>` : nothing
        }
        <button type="submit">Add document</button>
      </form>`;
  }
}

function article(role: string): string {
  return /^[aeiou]/.test(role) ? 'an' : 'a';
}
