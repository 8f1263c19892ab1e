import { LitElement, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { z } from 'zod';
import { ApiError } from '../../api/ApiClient.ts';
import type { AppContext } from '../../context.ts';
import { sentence, withArticle } from '../../model/wording.ts';
import {
  PendingInvitationSchema,
  RoleSchema,
  type PendingInvitation,
  type Role,
} from '../../../../shared/schemas.ts';
import styles from './invitations.styles.ts';

const InvitationCreatedSchema = z.object({
  token: z.string(),
  path: z.string(),
  role: RoleSchema,
  expiresAt: z.string(),
});

const DAYS_HINT = 'Choose a whole number of days from 1 to 90.';

/**
 * A project's invitation links (owners): create one with a role and an expiry, its address shown
 * once with a Copy button; the links not yet used, with Revoke.
 *
 * @event cc-team-changed - a link was created or revoked (the audit log has news). Bubbles, composes.
 */
export class CcInvitations extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    pending: { state: true },
    created: { state: true },
    daysError: { state: true },
    message: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  declare pending: PendingInvitation[] | null;
  /** The link just created, shown this once. */
  declare created: { url: string; role: Role; expiresAt: string } | null;
  declare daysError: string | null;
  declare message: string | null;
  private loadedFor: string | null = null;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.pending = null;
    this.created = null;
    this.daysError = null;
    this.message = null;
  }

  override willUpdate(): void {
    if (this.context && this.projectId && this.loadedFor !== this.projectId) {
      this.loadedFor = this.projectId;
      void this.reload();
    }
  }

  private get base(): string {
    return `/api/projects/${this.projectId ?? ''}/invitations`;
  }

  /** Reads the pending links again. */
  async reload(): Promise<void> {
    if (!this.context || !this.projectId) return;
    try {
      this.pending = await this.context.api.get(this.base, z.array(PendingInvitationSchema));
    } catch (err) {
      this.message = err instanceof ApiError ? sentence(err.message) : 'The invitations could not be read.';
    }
  }

  private changed(): void {
    this.dispatchEvent(new CustomEvent('cc-team-changed', { bubbles: true, composed: true }));
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.context) return;
    const data = new FormData(e.target as HTMLFormElement);
    const role = RoleSchema.catch('coder').parse(data.get('role'));
    const days = Number(data.get('days'));
    this.daysError = null;
    if (!Number.isInteger(days) || days < 1 || days > 90) {
      this.daysError = DAYS_HINT;
      return;
    }
    try {
      const created = await this.context.api.post(this.base, { role, days }, InvitationCreatedSchema);
      // The page the link opens is the web client's own, on this server.
      this.created = {
        url: `${location.origin}${created.path}`,
        role: created.role,
        expiresAt: created.expiresAt,
      };
      this.message = null;
      await this.reload();
      this.changed();
    } catch (err) {
      if (err instanceof ApiError && err.fieldMessage('days')) this.daysError = DAYS_HINT;
      else this.message = err instanceof ApiError ? sentence(err.message) : 'The link could not be created.';
    }
  }

  private async revoke(invitation: PendingInvitation): Promise<void> {
    if (!this.context) return;
    try {
      await this.context.api.send('DELETE', `${this.base}/${invitation.id}`);
      this.message = `The invitation link for ${withArticle(invitation.role)} was revoked: it no longer works.`;
      await this.reload();
      this.changed();
    } catch (err) {
      this.message = err instanceof ApiError ? sentence(err.message) : 'The link could not be revoked.';
    }
  }

  override render() {
    return html`<section class="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite by link</h2>
      <p class="muted">Anyone with the link and an account can join once, until it expires.</p>
      <p role="status" data-testid="invitations-message">${this.message ?? nothing}</p>
      <div class="grid">
        <div>${this.form()} ${this.createdNotice()}</div>
        <div>
          <h3 id="pending-title">Pending invitations</h3>
          ${this.list()}
        </div>
      </div>
    </section>`;
  }

  private form() {
    return html`<form novalidate @submit=${(e: SubmitEvent) => void this.create(e)}>
      <label
        >Role
        <select aria-label="Role" name="role">
          ${RoleSchema.options.map((r) => html`<option value=${r} ?selected=${r === 'coder'}>${r}</option>`)}
        </select>
      </label>
      <div class="field">
        <label
          >Days until the link expires
          <input
            name="days"
            type="number"
            min="1"
            max="90"
            value="7"
            aria-invalid=${this.daysError ? 'true' : 'false'}
            aria-describedby=${ifDefined(this.daysError ? 'error-days' : undefined)}
          />
        </label>
        ${this.daysError ? html`<span class="field-error" id="error-days">${this.daysError}</span>` : nothing}
      </div>
      <div><button type="submit" class="primary">Create invitation link</button></div>
    </form>`;
  }

  private createdNotice() {
    const link = this.created;
    if (!link) return nothing;
    return html`<div class="shown-once" data-testid="invitation-link">
      <p>
        Link for ${withArticle(link.role)}, valid until ${new Date(link.expiresAt).toLocaleString()}. It is
        shown only now: copy it and send it to your colleague.
      </p>
      <cc-secret .value=${link.url} label="invitation link"></cc-secret>
      <div><button type="button" @click=${() => (this.created = null)}>Done</button></div>
    </div>`;
  }

  private list() {
    const pending = this.pending;
    if (pending === null) return html`<p class="muted">Loading…</p>`;
    if (pending.length === 0) return html`<p class="muted">No invitation link is waiting to be used.</p>`;
    return html`<div class="scroll">
      <table data-testid="pending-invitations" aria-labelledby="pending-title">
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Created by</th>
            <th scope="col">Expires</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${pending.map(
            (i) =>
              html`<tr>
                <td>${i.role}</td>
                <td>
                  ${i.createdByName || 'a former owner'}<br /><span class="muted"
                    >${new Date(i.createdAt).toLocaleString()}</span
                  >
                </td>
                <td>${new Date(i.expiresAt).toLocaleString()}</td>
                <td>
                  <button type="button" class="danger" @click=${() => void this.revoke(i)}>
                    Revoke<span class="visually-hidden">
                      the ${i.role} link created ${new Date(i.createdAt).toLocaleString()}</span
                    >
                  </button>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cc-team-changed': CustomEvent<void>;
  }
}
