import { LitElement, html, nothing } from 'lit';
import { ApiError, type ApiClient } from '../../api/ApiClient.ts';
import { LoginResponseSchema } from '../../api/schemas.ts';
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
    error: { state: true },
    busy: { state: true },
  };
  declare api: ApiClient | null;
  declare error: string | null;
  declare busy: boolean;

  constructor() {
    super();
    this.api = null;
    this.error = null;
    this.busy = false;
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.api || this.busy) return;
    const data = new FormData(e.target as HTMLFormElement);
    this.busy = true;
    this.error = null;
    try {
      const { user } = await this.api.post(
        '/api/auth/login',
        { email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') },
        LoginResponseSchema,
      );
      this.dispatchEvent(
        new CustomEvent<User>('cc-signed-in', { detail: user, bubbles: true, composed: true }),
      );
    } catch (err) {
      this.error =
        err instanceof ApiError && (err.status === 401 || err.status === 429)
          ? err.message
          : 'Sign-in failed; is the server reachable?';
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`
      <form class="card" @submit=${(e: SubmitEvent) => void this.submit(e)} aria-labelledby="title">
        <h1 id="title">Sign in to Concord</h1>
        <label>Email <input name="email" type="email" autocomplete="username" required autofocus /></label>
        <label
          >Password <input name="password" type="password" autocomplete="current-password" required
        /></label>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <button class="primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p class="muted">The first start prints the administrator's and the demo members' passwords.</p>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cc-signed-in': CustomEvent<User>;
  }
}
