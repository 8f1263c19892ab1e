import { LitElement, html, nothing } from 'lit';
import { ApiError } from '../../api/ApiClient.ts';
import type { AppContext } from '../../context.ts';
import { ROLE_MEANINGS, sentence, withArticle } from '../../model/wording.ts';
import { navigateEvent } from '../../events.ts';
import {
  InvitationPreviewSchema,
  MembershipSchema,
  type InvitationPreview,
} from '../../../../shared/schemas.ts';
import styles from './invitation-page.styles.ts';

/**
 * The page an invitation link opens (`/invitations/<token>`), for a signed-in user: which project
 * and role it offers, and "Join project", which uses the link and opens the project. Signed-out
 * visitors are sent to sign in first and brought back here.
 */
export class CcInvitationPage extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    token: { attribute: false },
    preview: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  declare context: AppContext | null;
  /** The link's secret, from the URL. */
  declare token: string | null;
  declare preview: InvitationPreview | null;
  declare error: string | null;
  declare busy: boolean;
  private loadedFor: string | null = null;

  constructor() {
    super();
    this.context = null;
    this.token = null;
    this.preview = null;
    this.error = null;
    this.busy = false;
  }

  override willUpdate(): void {
    if (this.token && this.context && this.loadedFor !== this.token) {
      this.loadedFor = this.token;
      void this.load(this.token);
    }
  }

  private async load(token: string): Promise<void> {
    if (!this.context) return;
    this.preview = null;
    this.error = null;
    try {
      this.preview = await this.context.api.get(`/api/invitations/${token}`, InvitationPreviewSchema);
    } catch (err) {
      this.error =
        err instanceof ApiError && err.status === 404
          ? 'This invitation link does not work any more: it was used, it expired, or it was withdrawn. Ask the project’s owner for a new one.'
          : 'The invitation could not be read; is the server reachable?';
    }
  }

  private async join(): Promise<void> {
    if (!this.context || !this.token || !this.preview || this.busy) return;
    this.busy = true;
    try {
      const member = await this.context.api.post(
        `/api/invitations/${this.token}/accept`,
        undefined,
        MembershipSchema,
      );
      this.dispatchEvent(navigateEvent(`/projects/${member.projectId}`, true));
    } catch (err) {
      this.error =
        err instanceof ApiError ? sentence(err.message) : 'Joining failed; is the server reachable?';
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const p = this.preview;
    return html`<section class="card" aria-labelledby="invitation-title" data-testid="invitation">
      <h1 id="invitation-title">${p ? `Join ${p.projectName}` : 'Invitation'}</h1>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !p && !this.error
          ? html`<p class="muted">Loading…</p>`
          : p
            ? html`<p data-testid="invitation-offer">
                  ${p.invitedBy || 'An owner'} invites you to join <strong>${p.projectName}</strong> as
                  <strong>${withArticle(p.role)}</strong>.
                </p>
                <p class="muted">${ROLE_MEANINGS[p.role]}</p>
                ${
                  p.currentRole
                    ? html`<p>
                        You are already ${withArticle(p.currentRole)} in this project; joining keeps that
                        role.
                      </p>`
                    : nothing
                }
                <p class="muted">The link works once, until ${new Date(p.expiresAt).toLocaleString()}.</p>
                <div class="actions">
                  <button
                    type="button"
                    class="primary"
                    ?disabled=${this.busy}
                    @click=${() => void this.join()}
                  >
                    ${this.busy ? 'Joining…' : 'Join project'}
                  </button>
                  <a href="/">Not now</a>
                </div>`
            : html`<p><a href="/">Back to your projects</a></p>`
      }
    </section>`;
  }
}
