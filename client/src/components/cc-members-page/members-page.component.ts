import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ApiError } from '../../api/ApiClient.ts';
import { type Member } from '../../api/schemas.ts';
import type { AppContext } from '../../context.ts';
import { navigateEvent } from '../../events.ts';
import { ROLE_MEANINGS, sentence, withArticle } from '../../model/wording.ts';
import { ProjectController } from '../../controllers/ProjectController.ts';
import {
  MembershipSchema,
  PasswordResetSchema,
  RoleSchema,
  UserSchema,
  type PasswordReset,
  type Role,
} from '../../../../shared/schemas.ts';
import type { CcAuditLog } from '../cc-audit-log/audit-log.component.ts';
import type { CcInvitations } from '../cc-invitations/invitations.component.ts';
import styles from './members-page.styles.ts';

const ROLES = RoleSchema.options;

/** What the roles mean, beside the role pickers. */
const ROLE_HINT = ROLES.map((r) => ROLE_MEANINGS[r]).join(' ');

/** Form fields whose errors are shown beside them, keyed `<form>.<field>`. */
type FieldKey =
  'add.email' | 'add.role' | 'account.name' | 'account.email' | 'account.password' | 'account.role';

/**
 * The members page of a project (owners; administrators too): members with their roles, adding
 * an existing user by email, creating an account (administrators), invitation links with their
 * expiry, resetting a password (administrators) and the audit log. Everyone else is told that
 * only owners manage members.
 */
export class CcMembersPage extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    message: { state: true },
    errors: { state: true },
    confirmRemove: { state: true },
    reset: { state: true },
    created: { state: true },
    addCreated: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  /** What the last action did (or why it failed), announced politely. */
  declare message: string | null;
  declare errors: Partial<Record<FieldKey, string>>;
  /** The member whose removal waits for confirmation. */
  declare confirmRemove: Member | null;
  /** A password an administrator just reset, shown this once. */
  declare reset: (PasswordReset & { name: string }) | null;
  /** An account an administrator just created, with its first password, shown this once. */
  /** The new account: its first password, and its role here (null: not added to this project). */
  declare created: { name: string; email: string; password: string; role: Role | null } | null;
  /** Whether "Create an account" also adds the account to this project (the default). */
  declare addCreated: boolean;
  private readonly project = new ProjectController(this, () => ({
    context: this.context,
    projectId: this.projectId,
  }));

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.message = null;
    this.errors = {};
    this.confirmRemove = null;
    this.reset = null;
    this.created = null;
    this.addCreated = true;
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('confirmRemove') && this.confirmRemove) {
      this.renderRoot
        .querySelector<HTMLButtonElement>('[data-testid="confirm-remove"] button.cancel')
        ?.focus();
    }
  }

  private get base(): string {
    return `/api/projects/${this.projectId ?? ''}`;
  }

  /** After a change: members, links and the log read again. */
  private async refresh(): Promise<void> {
    await Promise.all([
      this.project.reload(),
      // A removed or demoted owner's links stop working, so the pending list changes too.
      this.renderRoot.querySelector<CcInvitations>('cc-invitations')?.reload(),
      this.renderRoot.querySelector<CcAuditLog>('cc-audit-log')?.reload(),
    ]);
  }

  /** Puts the server's complaint next to the field it concerns, in plain words. */
  private fieldErrors(err: unknown, form: string, fields: Record<string, string>): boolean {
    if (!(err instanceof ApiError)) return false;
    const errors: Partial<Record<FieldKey, string>> = {};
    for (const [field, fallback] of Object.entries(fields)) {
      const message = err.fieldMessage(field);
      if (message) errors[`${form}.${field}` as FieldKey] = /^Invalid/.test(message) ? fallback : message;
    }
    this.errors = errors;
    return Object.keys(errors).length > 0;
  }

  private async changeRole(member: Member, role: Role): Promise<void> {
    if (!this.context || role === member.role) return;
    try {
      await this.context.api.patch(`${this.base}/members/${member.userId}`, { role }, MembershipSchema);
      this.message = `${member.name} is now ${withArticle(role)}.`;
    } catch (err) {
      this.message = err instanceof ApiError ? sentence(err.message) : 'The role could not be changed.';
    }
    // Read back either way, so a refused change does not leave the picker showing it.
    await this.refresh();
  }

  private async removeMember(member: Member): Promise<void> {
    if (!this.context) return;
    this.confirmRemove = null;
    try {
      await this.context.api.send('DELETE', `${this.base}/members/${member.userId}`);
      // Owners who leave (another owner remains) can no longer read the project: back to the list.
      if (member.userId === this.context.user.id && !this.context.user.isAdmin) {
        this.dispatchEvent(navigateEvent('/', true));
        return;
      }
      this.message = `${member.name} was removed from the project.`;
      await this.refresh();
    } catch (err) {
      this.message = err instanceof ApiError ? sentence(err.message) : `${member.name} could not be removed.`;
    }
  }

  private async addByEmail(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.context) return;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const role = String(data.get('role') ?? 'coder');
    this.errors = {};
    if (!email) {
      this.errors = { 'add.email': 'Enter the email address of their account.' };
      return;
    }
    try {
      await this.context.api.post(`${this.base}/members`, { email, role }, MembershipSchema);
      this.message = `Added ${email} as ${withArticle(role)}.`;
      form.reset();
      await this.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        this.errors = { 'add.email': sentence(err.message) };
      } else if (!this.fieldErrors(err, 'add', { email: 'Enter an email address, like ana@example.org.' })) {
        this.message = err instanceof ApiError ? sentence(err.message) : 'The member could not be added.';
      }
    }
  }

  /** Administrators: a new account, then a member of this project; its first password shown once. */
  private async createAccount(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (!this.context) return;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const email = String(data.get('email') ?? '').trim();
    const typed = String(data.get('password') ?? '');
    const role = RoleSchema.catch('coder').parse(data.get('role'));
    const password = typed === '' ? generatePassword() : typed;
    const errors: Partial<Record<FieldKey, string>> = {};
    if (!name) errors['account.name'] = 'Enter their name as colleagues will see it.';
    if (!email) errors['account.email'] = 'Enter their email address: they sign in with it.';
    if (typed !== '' && typed.length < 10)
      errors['account.password'] = 'Passwords have at least 10 characters.';
    this.errors = errors;
    if (Object.keys(errors).length > 0) return;
    try {
      const user = await this.context.api.post('/api/users', { name, email, password }, UserSchema);
      // An administrator may make an account for another project's team: joining this one is a choice.
      if (this.addCreated)
        await this.context.api.post(`${this.base}/members`, { userId: user.id, role }, MembershipSchema);
      this.created = { name: user.name, email: user.email, password, role: this.addCreated ? role : null };
      this.message = null;
      form.reset();
      await this.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        this.errors = { 'account.email': `${sentence(err.message)} Add them by email above instead.` };
      } else if (
        !this.fieldErrors(err, 'account', {
          name: 'Enter their name.',
          email: 'Enter an email address, like ana@example.org.',
          password: 'Passwords have 10 to 200 characters.',
        })
      ) {
        this.message = err instanceof ApiError ? sentence(err.message) : 'The account could not be created.';
      }
    }
  }

  private async resetPassword(member: Member): Promise<void> {
    if (!this.context) return;
    this.reset = null;
    try {
      const reset = await this.context.api.post(
        `/api/users/${member.userId}/password`,
        undefined,
        PasswordResetSchema,
      );
      this.reset = { ...reset, name: member.name };
      this.message = null;
    } catch (err) {
      this.message = err instanceof ApiError ? sentence(err.message) : 'The password could not be reset.';
    }
  }

  override render() {
    if (this.project.error) return html`<p class="error" role="alert">${this.project.error}</p>`;
    const state = this.project.state;
    if (!state) return html`<p class="muted">Loading…</p>`;
    const { project, members, permissions } = state;
    const back = html`<a href="/projects/${project.id}">Back to ${project.name}</a>`;
    if (!permissions.manageMembers) {
      return html`<div class="wrap">
        <h1>Members of ${project.name}</h1>
        <p data-testid="members-refused">Only owners manage members. ${back}</p>
      </div>`;
    }
    const isAdmin = this.context?.user.isAdmin ?? false;
    return html`<div class="wrap">
      <div>
        <h1>Members of ${project.name}</h1>
        <p class="muted">${back}</p>
      </div>
      <p role="status" data-testid="members-message">${this.message ?? nothing}</p>
      ${this.confirmRemove ? this.removeDialog(this.confirmRemove, project.name) : nothing}
      ${this.reset ? this.resetNotice(this.reset) : nothing}
      <section class="card" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        <p class="hint muted">${ROLE_HINT}</p>
        <div class="scroll">
          <table data-testid="member-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              ${members.map((m) => this.memberRow(m, isAdmin))}
            </tbody>
          </table>
        </div>
      </section>
      <div class="grid">${this.addForm()} ${isAdmin ? this.accountForm() : nothing}</div>
      <cc-invitations
        .context=${this.context}
        .projectId=${project.id}
        @cc-team-changed=${() => void this.renderRoot.querySelector<CcAuditLog>('cc-audit-log')?.reload()}
      ></cc-invitations>
      <section class="card" aria-labelledby="audit-title">
        <h2 id="audit-title">Audit log</h2>
        <cc-audit-log .context=${this.context} .projectId=${project.id}></cc-audit-log>
      </section>
    </div>`;
  }

  private memberRow(m: Member, isAdmin: boolean): TemplateResult {
    const self = m.userId === this.context?.user.id;
    return html`<tr data-user-id=${m.userId}>
      <td>
        ${m.name} ${self ? html`<span class="badge">you</span>` : nothing}
        ${m.synthetic ? html`<span class="badge" title="Generated data">synthetic</span>` : nothing}
      </td>
      <td>${m.email}</td>
      <td>
        <select
          aria-label="Role of ${m.name}"
          @change=${(e: Event) => void this.changeRole(m, (e.target as HTMLSelectElement).value as Role)}
        >
          ${ROLES.map((r) => html`<option value=${r} ?selected=${r === m.role}>${r}</option>`)}
        </select>
      </td>
      <td class="actions">
        <button type="button" class="danger" @click=${() => (this.confirmRemove = m)}>
          Remove<span class="visually-hidden"> ${m.name}</span>
        </button>
        ${
          isAdmin && !m.synthetic
            ? html`<button type="button" @click=${() => void this.resetPassword(m)}>
                Reset password<span class="visually-hidden"> of ${m.name}</span>
              </button>`
            : nothing
        }
      </td>
    </tr>`;
  }

  private removeDialog(m: Member, projectName: string): TemplateResult {
    return html`<section
      class="card confirm"
      role="alertdialog"
      aria-labelledby="remove-title"
      aria-describedby="remove-text"
      data-testid="confirm-remove"
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (this.confirmRemove = null)}
    >
      <h2 id="remove-title">Remove ${m.name} from ${projectName}?</h2>
      <ul id="remove-text">
        <li>
          Their open connections to this project close at once: they can no longer see or code anything in it.
        </li>
        <li>
          Their coding layer stays in the project: it still counts in agreement history and is still in
          exports.
        </li>
        <li>You can invite them again later; they get their layer back.</li>
      </ul>
      <div class="actions-row">
        <button type="button" class="danger" @click=${() => void this.removeMember(m)}>
          Remove ${m.name}
        </button>
        <button type="button" class="cancel" @click=${() => (this.confirmRemove = null)}>Cancel</button>
      </div>
    </section>`;
  }

  private resetNotice(reset: NonNullable<CcMembersPage['reset']>): TemplateResult {
    return html`<section class="shown-once" aria-label="New password" data-testid="password-reset">
      <p>
        New password for ${reset.name} (${reset.email}), shown only this once. Their sign-ins have ended; give
        it to them in person or by phone:
      </p>
      <cc-secret .value=${reset.password} label="new password"></cc-secret>
      <div><button type="button" @click=${() => (this.reset = null)}>Done</button></div>
    </section>`;
  }

  private fieldError(key: FieldKey): TemplateResult | typeof nothing {
    const message = this.errors[key];
    return message ? html`<span class="field-error" id=${errorId(key)}>${message}</span>` : nothing;
  }

  /** The id of the field's error, when there is one to point to. */
  private describedBy(key: FieldKey) {
    return ifDefined(this.errors[key] ? errorId(key) : undefined);
  }

  private invalid(key: FieldKey): string {
    return this.errors[key] ? 'true' : 'false';
  }

  private roleSelect(form: string, selected: Role): TemplateResult {
    const key = `${form}.role` as FieldKey;
    return html`<div class="field">
      <label
        >Role
        <select
          name="role"
          aria-label="Role"
          aria-invalid=${this.invalid(key)}
          aria-describedby=${this.describedBy(key)}
        >
          ${ROLES.map((r) => html`<option value=${r} ?selected=${r === selected}>${r}</option>`)}
        </select>
      </label>
      ${this.fieldError(key)}
    </div>`;
  }

  private addForm(): TemplateResult {
    return html`<section class="card" aria-labelledby="add-title">
      <h2 id="add-title">Add someone who has an account</h2>
      <form novalidate @submit=${(e: SubmitEvent) => void this.addByEmail(e)}>
        <div class="field">
          <label
            >Their email address
            <input
              name="email"
              type="email"
              autocomplete="off"
              aria-invalid=${this.invalid('add.email')}
              aria-describedby=${this.describedBy('add.email')}
            />
          </label>
          ${this.fieldError('add.email')}
        </div>
        ${this.roleSelect('add', 'coder')}
        <div><button type="submit" class="primary">Add to project</button></div>
      </form>
    </section>`;
  }

  private accountForm(): TemplateResult {
    const created = this.created;
    return html`<section class="card" aria-labelledby="account-title">
      <h2 id="account-title">Create an account</h2>
      <p class="hint muted">
        As an administrator you can make an account, and add it to this project at once or leave that for
        later.
      </p>
      <form novalidate @submit=${(e: SubmitEvent) => void this.createAccount(e)}>
        <div class="field">
          <label
            >Name
            <input
              name="name"
              autocomplete="off"
              aria-invalid=${this.invalid('account.name')}
              aria-describedby=${this.describedBy('account.name')}
            />
          </label>
          ${this.fieldError('account.name')}
        </div>
        <div class="field">
          <label
            >Email address
            <input
              name="email"
              type="email"
              autocomplete="off"
              aria-invalid=${this.invalid('account.email')}
              aria-describedby=${this.describedBy('account.email')}
            />
          </label>
          ${this.fieldError('account.email')}
        </div>
        <div class="field">
          <label
            >First password (leave empty to generate one)
            <input
              name="password"
              type="text"
              autocomplete="new-password"
              aria-invalid=${this.invalid('account.password')}
              aria-describedby=${this.describedBy('account.password')}
            />
          </label>
          ${this.fieldError('account.password')}
        </div>
        <!-- Both bindings: the form's reset after each account returns the box to the attribute. -->
        <label class="check"
          ><input
            type="checkbox"
            data-testid="add-created"
            ?checked=${this.addCreated}
            .checked=${this.addCreated}
            @change=${(e: Event) => (this.addCreated = (e.target as HTMLInputElement).checked)}
          />
          Add to this project</label
        >
        ${this.addCreated ? this.roleSelect('account', 'coder') : nothing}
        <div>
          <button type="submit" class="primary">
            ${this.addCreated ? 'Create account and add' : 'Create account'}
          </button>
        </div>
      </form>
      ${
        created
          ? html`<div class="shown-once" data-testid="account-created" style="margin-top:12px">
              <p>
                ${created.name} (${created.email}) can now sign
                in${created.role ? html` as ${withArticle(created.role)}` : html`, not yet in this project,`}
                with this password, shown only now; they can change it on their Account page:
              </p>
              <cc-secret .value=${created.password} label="first password"></cc-secret>
              <div><button type="button" @click=${() => (this.created = null)}>Done</button></div>
            </div>`
          : nothing
      }
    </section>`;
  }
}

function errorId(key: FieldKey): string {
  return `error-${key.replace('.', '-')}`;
}

/** A first password: 20 letters and digits from the browser's secure random source. */
function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  // 256 is not a multiple of the alphabet's size; the slight bias is harmless for a first password.
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
