import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { z } from 'zod';
import { ApiError } from '../../api/ApiClient.ts';
import type { AppContext } from '../../context.ts';
import { sentence } from '../../model/wording.ts';
import { ApiTokenSchema, type ApiToken } from '../../../../shared/schemas.ts';
import styles from './account-page.styles.ts';

const CreatedTokenSchema = z.object({ id: z.string(), token: z.string(), name: z.string() });

type FieldKey = 'current' | 'new' | 'tokenName';

/**
 * The signed-in user's own account: change the password, sign out everywhere, and API tokens for
 * scripts and the command line (created with a name, the secret shown once, listed, revoked).
 *
 * @event cc-signed-out-everywhere - every session of the user ended, this one too; the app returns
 *   to the sign-in page. Bubbles and composes.
 */
export class CcAccountPage extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    tokens: { state: true },
    errors: { state: true },
    message: { state: true },
    created: { state: true },
    confirmEverywhere: { state: true },
    confirmRevoke: { state: true },
  };
  declare context: AppContext | null;
  declare tokens: ApiToken[] | null;
  declare errors: Partial<Record<FieldKey, string>>;
  declare message: string | null;
  /** The token just created, its secret shown this once. */
  declare created: { name: string; token: string } | null;
  declare confirmEverywhere: boolean;
  /** The token whose revocation waits for confirmation. */
  declare confirmRevoke: ApiToken | null;

  constructor() {
    super();
    this.context = null;
    this.tokens = null;
    this.errors = {};
    this.message = null;
    this.created = null;
    this.confirmEverywhere = false;
    this.confirmRevoke = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadTokens();
  }

  override updated(changed: Map<string, unknown>): void {
    // A confirmation takes the focus, on its safe choice.
    if (
      (changed.has('confirmEverywhere') && this.confirmEverywhere) ||
      (changed.has('confirmRevoke') && this.confirmRevoke)
    ) {
      this.renderRoot.querySelector<HTMLButtonElement>('[role="alertdialog"] button.cancel')?.focus();
    }
  }

  private async loadTokens(): Promise<void> {
    if (!this.context) return;
    try {
      this.tokens = await this.context.api.get('/api/me/tokens', z.array(ApiTokenSchema));
    } catch (err) {
      this.message = err instanceof ApiError ? sentence(err.message) : 'Your tokens could not be read.';
    }
  }

  private async changePassword(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.context) return;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const currentPassword = String(data.get('current') ?? '');
    const newPassword = String(data.get('new') ?? '');
    const errors: Partial<Record<FieldKey, string>> = {};
    if (!currentPassword) errors.current = 'Enter the password you signed in with.';
    if (newPassword.length < 10) errors.new = 'Choose a new password of at least 10 characters.';
    this.errors = errors;
    this.message = null;
    if (Object.keys(errors).length > 0) return;
    try {
      await this.context.api.send('POST', '/api/me/password', { currentPassword, newPassword });
      form.reset();
      this.message = 'Your password is changed. Your sign-ins elsewhere have ended; this one continues.';
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) {
        this.errors = { current: 'This is not your current password.' };
      } else if (err instanceof ApiError && err.fieldMessage('newPassword')) {
        this.errors = { new: sentence(err.fieldMessage('newPassword')!) };
      } else {
        this.message = err instanceof ApiError ? sentence(err.message) : 'The password could not be changed.';
      }
    }
  }

  private async signOutEverywhere(): Promise<void> {
    if (!this.context) return;
    this.confirmEverywhere = false;
    try {
      await this.context.api.send('POST', '/api/auth/logout-everywhere');
      this.dispatchEvent(new CustomEvent('cc-signed-out-everywhere', { bubbles: true, composed: true }));
    } catch (err) {
      this.message =
        err instanceof ApiError ? sentence(err.message) : 'Signing out failed; is the server reachable?';
    }
  }

  private async createToken(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.context) return;
    const form = e.target as HTMLFormElement;
    const name = String(new FormData(form).get('tokenName') ?? '').trim();
    this.errors = {};
    if (!name) {
      this.errors = {
        tokenName: 'Name the token after where it is used, like “laptop” or “analysis script”.',
      };
      return;
    }
    try {
      const created = await this.context.api.post('/api/me/tokens', { name }, CreatedTokenSchema);
      this.created = { name: created.name, token: created.token };
      this.message = null;
      form.reset();
      await this.loadTokens();
    } catch (err) {
      if (err instanceof ApiError && err.fieldMessage('name')) {
        this.errors = { tokenName: 'Use a name of at most 100 characters.' };
      } else {
        this.message = err instanceof ApiError ? sentence(err.message) : 'The token could not be created.';
      }
    }
  }

  private async revoke(token: ApiToken): Promise<void> {
    if (!this.context) return;
    this.confirmRevoke = null;
    try {
      await this.context.api.send('DELETE', `/api/me/tokens/${token.id}`);
      this.message = `The token “${token.name}” was revoked: scripts using it are refused from now on.`;
      if (this.created?.name === token.name) this.created = null;
      await this.loadTokens();
    } catch (err) {
      this.message = err instanceof ApiError ? sentence(err.message) : 'The token could not be revoked.';
    }
  }

  override render() {
    const user = this.context?.user;
    if (!user) return nothing;
    return html`<div class="wrap">
      <div>
        <h1>Your account</h1>
        <p class="muted">
          ${user.name} ·
          ${user.email}${user.isAdmin ? html` · <span class="badge">administrator</span>` : nothing}
        </p>
      </div>
      <p role="status" data-testid="account-message">${this.message ?? nothing}</p>
      <div class="grid">${this.passwordForm()} ${this.everywhere()}</div>
      ${this.tokensSection()}
    </div>`;
  }

  private fieldError(key: FieldKey) {
    const message = this.errors[key];
    return message ? html`<span class="field-error" id="error-${key}">${message}</span>` : nothing;
  }

  private describedBy(key: FieldKey) {
    return ifDefined(this.errors[key] ? `error-${key}` : undefined);
  }

  private passwordForm(): TemplateResult {
    return html`<section class="card" aria-labelledby="password-title">
      <h2 id="password-title">Change your password</h2>
      <form novalidate @submit=${(e: SubmitEvent) => void this.changePassword(e)}>
        <div class="field">
          <label
            >Current password
            <input
              name="current"
              type="password"
              autocomplete="current-password"
              aria-invalid=${this.errors.current ? 'true' : 'false'}
              aria-describedby=${this.describedBy('current')}
            />
          </label>
          ${this.fieldError('current')}
        </div>
        <div class="field">
          <label
            >New password (at least 10 characters)
            <input
              name="new"
              type="password"
              autocomplete="new-password"
              aria-invalid=${this.errors.new ? 'true' : 'false'}
              aria-describedby=${this.describedBy('new')}
            />
          </label>
          ${this.fieldError('new')}
        </div>
        <div><button type="submit" class="primary">Change password</button></div>
      </form>
    </section>`;
  }

  private everywhere(): TemplateResult {
    return html`<section class="card" aria-labelledby="everywhere-title">
      <h2 id="everywhere-title">Sign out everywhere</h2>
      <p>For a lost laptop or a shared computer: ends every sign-in of yours, on every device.</p>
      ${
        this.confirmEverywhere
          ? html`<div
              class="card confirm"
              role="alertdialog"
              aria-labelledby="everywhere-confirm-title"
              aria-describedby="everywhere-confirm-text"
              data-testid="confirm-everywhere"
              @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.confirmEverywhere = false)}
            >
              <h3 id="everywhere-confirm-title">Sign out everywhere?</h3>
              <p id="everywhere-confirm-text">
                Every sign-in of yours ends at once, this one included, and your API tokens stop working:
                scripts and the command line need a new token. You then sign in again here.
              </p>
              <div class="actions-row">
                <button type="button" class="danger" @click=${() => void this.signOutEverywhere()}>
                  Sign out everywhere
                </button>
                <button type="button" class="cancel" @click=${() => (this.confirmEverywhere = false)}>
                  Cancel
                </button>
              </div>
            </div>`
          : html`<button type="button" @click=${() => (this.confirmEverywhere = true)}>
              Sign out everywhere…
            </button>`
      }
    </section>`;
  }

  private tokensSection(): TemplateResult {
    const tokens = this.tokens;
    return html`<section class="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p>
        A token lets a script or the <code>concord</code> command line act as you, with your roles. Give each
        place its own token, so you can revoke one without the others.
      </p>
      <form novalidate @submit=${(e: SubmitEvent) => void this.createToken(e)}>
        <div class="field">
          <label
            >Token name
            <input
              name="tokenName"
              maxlength="100"
              autocomplete="off"
              aria-invalid=${this.errors.tokenName ? 'true' : 'false'}
              aria-describedby=${this.describedBy('tokenName')}
            />
          </label>
          ${this.fieldError('tokenName')}
        </div>
        <div><button type="submit" class="primary">Create token</button></div>
      </form>
      ${
        this.created
          ? html`<div class="shown-once" data-testid="token-created">
              <p>The secret of “${this.created.name}”, shown only now: copy it somewhere safe.</p>
              <cc-secret .value=${this.created.token} label="token"></cc-secret>
              <p>For the command line, in the shell that runs it:</p>
              <pre data-testid="token-export">export CONCORD_TOKEN=${this.created.token}</pre>
              <div><button type="button" @click=${() => (this.created = null)}>Done</button></div>
            </div>`
          : nothing
      }
      ${this.confirmRevoke ? this.revokeDialog(this.confirmRevoke) : nothing}
      <h3 style="margin-top:16px">Your tokens</h3>
      ${
        tokens === null
          ? html`<p class="muted">Loading…</p>`
          : tokens.length === 0
            ? html`<p class="muted">You have no tokens.</p>`
            : html`<div class="scroll">
                <table data-testid="token-list">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Created</th>
                      <th scope="col">Expires</th>
                      <th scope="col"><span class="visually-hidden">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${tokens.map(
                      (t) =>
                        html`<tr data-token-id=${t.id}>
                          <td>${t.name}</td>
                          <td>${new Date(t.createdAt).toLocaleString()}</td>
                          <td>${t.expiresAt ? new Date(t.expiresAt).toLocaleString() : 'never'}</td>
                          <td class="actions">
                            <button type="button" class="danger" @click=${() => (this.confirmRevoke = t)}>
                              Revoke<span class="visually-hidden"> ${t.name}</span>
                            </button>
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
      }
    </section>`;
  }

  private revokeDialog(t: ApiToken): TemplateResult {
    return html`<div
      class="card confirm"
      role="alertdialog"
      aria-labelledby="revoke-title"
      aria-describedby="revoke-text"
      data-testid="confirm-revoke"
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.confirmRevoke = null)}
    >
      <h3 id="revoke-title">Revoke “${t.name}”?</h3>
      <p id="revoke-text">
        Scripts and command lines using it are refused from now on; this cannot be undone.
      </p>
      <div class="actions-row">
        <button type="button" class="danger" @click=${() => void this.revoke(t)}>Revoke “${t.name}”</button>
        <button type="button" class="cancel" @click=${() => (this.confirmRevoke = null)}>Cancel</button>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cc-signed-out-everywhere': CustomEvent<void>;
  }
}
