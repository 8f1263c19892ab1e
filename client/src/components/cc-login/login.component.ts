import { LitElement, html, nothing } from 'lit';
import { ApiError, type ApiClient } from '../../api/ApiClient.ts';
import { LoginResponseSchema } from '../../api/schemas.ts';
import {
  NO_ERRORS,
  SIGN_IN_WORDS,
  missingFields,
  refusedFields,
  type FormErrors,
} from '../../model/fieldErrors.ts';
import type { User } from '../../../../shared/schemas.ts';
import styles from './login.styles.ts';

/**
 * The sign-in form. On success the server has set the session cookie; the form announces the
 * user with `cc-signed-in`.
 *
 * @event cc-signed-in - `CustomEvent<User>`, bubbles and composes.
 */
export class CcLogin extends LitElement {
  static override styles = styles;
  static override properties = {
    api: { attribute: false },
    invitation: { attribute: false },
    error: { state: true },
    fieldErrors: { state: true },
    busy: { state: true },
  };
  declare api: ApiClient | null;
  /**
   * The visitor came by an invitation link: the form says so. The project is not named, since
   * the link's preview needs a session (an unsigned visitor learns nothing from a link).
   */
  declare invitation: boolean;
  declare error: string | null;
  /** A blank or refused field, said under the field. */
  declare fieldErrors: FormErrors;
  declare busy: boolean;

  constructor() {
    super();
    this.api = null;
    this.invitation = false;
    this.error = null;
    this.fieldErrors = NO_ERRORS;
    this.busy = false;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.api || this.busy) return;
    const data = new FormData(e.target as HTMLFormElement);
    const values = { email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') };
    this.error = null;
    this.fieldErrors = missingFields(values, ['email', 'password'], SIGN_IN_WORDS);
    if (Object.keys(this.fieldErrors.fields).length > 0) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    try {
      const { user } = await this.api.post('/api/auth/login', values, LoginResponseSchema);
      this.dispatchEvent(
        new CustomEvent<User>('cc-signed-in', { detail: user, bubbles: true, composed: true }),
      );
    } catch (err) {
      if (err instanceof ApiError && err.code === 'validation') {
        this.fieldErrors = refusedFields(err, SIGN_IN_WORDS);
        this.error = this.fieldErrors.form;
      } else {
        this.error =
          err instanceof ApiError && (err.status === 401 || err.status === 429)
            ? err.message
            : 'Sign-in failed; is the server reachable?';
      }
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`
      <form
        class="card"
        novalidate
        @submit=${(e: SubmitEvent) => void this.submit(e)}
        aria-labelledby="title"
      >
        ${
          this.invitation
            ? html`<h1 id="title">Sign in to accept your invitation</h1>
                <p data-testid="invitation-hint">
                  You were invited to a project in Concord. Sign in with your account; the project and your
                  role are shown next, and you accept or decline there.
                </p>`
            : html`<h1 id="title">Sign in to Concord</h1>`
        }
        <label
          >Email
          <input
            name="email"
            type="email"
            autocomplete="username"
            required
            autofocus
            aria-invalid=${this.fieldErrors.fields.email ? 'true' : 'false'}
            aria-describedby=${this.fieldErrors.fields.email ? 'email-error' : nothing}
          />
        </label>
        ${this.fieldError('email')}
        <label
          >Password
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid=${this.fieldErrors.fields.password ? 'true' : 'false'}
            aria-describedby=${this.fieldErrors.fields.password ? 'password-error' : nothing}
          />
        </label>
        ${this.fieldError('password')}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? 'Signing in…' : 'Sign in'}
        </button>
        ${
          // For whoever runs the server, not for a colleague who was sent a link.
          this.invitation
            ? nothing
            : html`<p class="muted" data-testid="first-start-hint">
                The first start prints the administrator's and the demo members' passwords.
              </p>`
        }
        <p><a href="/help">New to Concord? Read the help</a> on roles, blind rounds and agreement.</p>
      </form>
    `;
  }

  private fieldError(name: 'email' | 'password') {
    const message = this.fieldErrors.fields[name];
    return message
      ? html`<p id="${name}-error" class="field-error" data-testid="${name}-error">${message}</p>`
      : nothing;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cc-signed-in': CustomEvent<User>;
  }
}
