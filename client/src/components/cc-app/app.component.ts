import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { ApiClient, ApiError } from '../../api/ApiClient.ts';
import { MeSchema } from '../../api/schemas.ts';
import type { AppContext } from '../../context.ts';
import { NO_CHOICES } from '../../model/analysisQuery.ts';
import { parseRoute, routeUrl, signsInForInvitation, type Route } from '../../model/route.ts';
import { describeUnsent, endSession, signOutPending } from '../../session/signOut.ts';
import { RoomHub, clearLocalRooms } from '../../sync/RoomHub.ts';
import { forgetCachedAnswers, watchAppUpdates, type AppUpdates } from '../../sync/appUpdates.ts';
import { SyncLimitsSchema } from '../../../../shared/protocol.ts';
import type { User } from '../../../../shared/schemas.ts';
import styles from './app.styles.ts';

/**
 * The application shell: who is signed in, which page the URL names, the top bar with the sync
 * indicator. Links inside any component navigate without reloading (history API).
 */
export class CcApp extends LitElement {
  static override styles = styles;
  static override properties = {
    route: { state: true },
    context: { state: true },
    checking: { state: true },
    signOutDialog: { state: true },
    waiting: { state: true },
    owedSignOut: { state: true },
    updateWaiting: { state: true },
    afterSignOut: { state: true },
  };
  declare route: Route;
  declare context: AppContext | null;
  declare checking: boolean;
  /** What the sign-out dialog says is not yet saved; null when it is closed. */
  declare signOutDialog: string | null;
  /** Waiting for changes to be saved before signing out. */
  declare waiting: boolean;
  /** A sign-out has not reached the server yet (it is sent when the network returns). */
  declare owedSignOut: boolean;
  /** What became of unsaved edits at the last sign-out, said on the sign-in page. */
  declare afterSignOut: string | null;
  /** A new version of the app is installed and waits for a reload. */
  declare updateWaiting: boolean;
  private updates: AppUpdates | null = null;
  private waitAbort: AbortController | null = null;
  private readonly onOnline = () => void this.settleOwedSignOut();
  /** Asks before the page closes only when the server has not confirmed every change. */
  private readonly onBeforeUnload = (e: BeforeUnloadEvent) => {
    if ((this.context?.hub.unsent().size ?? 0) === 0) return;
    e.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    e.returnValue = '';
  };
  private readonly api = new ApiClient();
  private readonly onPopState = () => this.show(parseRoute(location.pathname, location.search));
  private readonly onUnauthorized = () => this.signedOut();

  constructor() {
    super();
    this.route = parseRoute(location.pathname, location.search);
    this.context = null;
    this.checking = true;
    this.signOutDialog = null;
    this.waiting = false;
    this.owedSignOut = false;
    this.updateWaiting = false;
    this.afterSignOut = null;
    this.addEventListener('cc-navigate', (e) => this.navigate(e.detail.url, e.detail.replace));
    this.addEventListener('cc-signed-out-everywhere', () => void this.signedOutEverywhere());
    this.addEventListener('click', (e) => this.interceptLink(e));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.onPopState);
    window.addEventListener('online', this.onOnline);
    window.addEventListener('beforeunload', this.onBeforeUnload);
    this.api.addEventListener('unauthorized', this.onUnauthorized);
    this.updates ??= watchAppUpdates(() => (this.updateWaiting = true));
    void this.restoreSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.onPopState);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    this.api.removeEventListener('unauthorized', this.onUnauthorized);
    void this.context?.hub.destroy();
  }

  /** Shows a page and records it in the history. */
  navigate(url: string, replace = false): void {
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    const parsed = new URL(url, location.href);
    this.show(parseRoute(parsed.pathname, parsed.search));
  }

  private show(route: Route): void {
    // Help is for everyone, signed in or not (the sign-in page links to it).
    if (!this.context && route.name !== 'login' && route.name !== 'help' && !this.checking) {
      const login: Route = { name: 'login', next: routeUrl(route) };
      history.replaceState(null, '', routeUrl(login));
      this.route = login;
      return;
    }
    this.route = route;
    window.scrollTo(0, 0);
  }

  private async restoreSession(): Promise<void> {
    // A sign-out that could not reach the server comes first: the session must not be reopened.
    if (signOutPending() && !(await this.settleOwedSignOut())) {
      this.checking = false;
      this.show(this.route);
      return;
    }
    try {
      const me = await this.api.get('/api/me', MeSchema);
      this.signedIn(me.user, false);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) console.error(err);
      this.checking = false;
      this.show(this.route);
    }
  }

  /** Sends an owed sign-out; true once the server has ended the session. */
  private async settleOwedSignOut(): Promise<boolean> {
    if (!signOutPending()) return true;
    const ended = await endSession(this.api);
    this.owedSignOut = !ended;
    return ended;
  }

  private signedIn(user: User, redirect: boolean): void {
    void this.context?.hub.destroy();
    const hub = new RoomHub({ userId: user.id, persist: typeof indexedDB !== 'undefined' });
    this.context = { api: this.api, hub, user, limits: null };
    void this.loadLimits(hub);
    this.checking = false;
    if (redirect || this.route.name === 'login') {
      const next = this.route.name === 'login' ? this.route.next : null;
      this.navigate(next ?? '/', true);
    }
  }

  /** Reads the sync limits once signed in, so oversized edits are refused before they are sent. */
  private async loadLimits(hub: RoomHub): Promise<void> {
    try {
      const limits = await this.api.get('/api/limits', SyncLimitsSchema);
      hub.setLimits(limits);
      if (this.context?.hub === hub) this.context = { ...this.context, limits };
    } catch (err) {
      // Without them edits are sent as before; the server still refuses oversized ones.
      console.warn('sync limits could not be read', err);
    }
  }

  private signedOut(): void {
    void this.context?.hub.destroy();
    void forgetCachedAnswers();
    this.context = null;
    if (this.route.name !== 'login') this.show(this.route);
  }

  /**
   * Every session ended on the server (the Account page): close the rooms and show the sign-in
   * page. Browser copies go as at any sign-out, unless they hold edits the server has not
   * confirmed: those are kept for this user's next sign-in here, and the page says so.
   */
  private async signedOutEverywhere(): Promise<void> {
    const user = this.context?.user;
    const hub = this.context?.hub;
    const hadUnsent = (hub?.unsent().size ?? 0) > 0;
    this.context = null;
    this.afterSignOut = hadUnsent
      ? 'You are signed out everywhere. Your unsaved edits are kept in this browser and are sent when you sign in here again.'
      : 'You are signed out everywhere. Sign in again to continue here.';
    await forgetCachedAnswers();
    await hub?.destroy();
    if (!hadUnsent && user) await clearLocalRooms(user.id);
    this.navigate('/login', true);
  }

  /**
   * Signs out, but never silently destroys work: with changes the server has not confirmed, the
   * dialog says how many and where, and offers to wait for them, to stay, to keep them in this
   * browser for this user's next sign-in, or to discard them.
   */
  private signOut(): void {
    const unsent = this.context?.hub.unsent() ?? new Map<string, number>();
    if (unsent.size > 0) {
      this.signOutDialog = describeUnsent(unsent);
      return;
    }
    void this.finishSignOut('discard');
  }

  /** Waits until the server has every change, then signs out (the dialog stays, with a cancel). */
  private async waitThenSignOut(): Promise<void> {
    const hub = this.context?.hub;
    if (!hub) return;
    this.waiting = true;
    this.waitAbort = new AbortController();
    const signal = this.waitAbort.signal;
    const onChange = () => {
      const unsent = hub.unsent();
      if (unsent.size > 0) this.signOutDialog = describeUnsent(unsent);
    };
    hub.addEventListener('change', onChange);
    try {
      await hub.whenAllSaved(signal);
    } finally {
      hub.removeEventListener('change', onChange);
      this.waiting = false;
    }
    if (!signal.aborted) await this.finishSignOut('discard');
  }

  private stay(): void {
    this.waitAbort?.abort();
    this.signOutDialog = null;
  }

  /**
   * Ends the session (now, or owed until the server can be reached) and closes the rooms. `keep`
   * leaves this user's browser copies with their unsent changes for the next sign-in; `discard`
   * deletes them (by then nothing unsent is left unless the user chose to discard it).
   */
  private async finishSignOut(copies: 'keep' | 'discard'): Promise<void> {
    this.waitAbort?.abort();
    this.signOutDialog = null;
    const user = this.context?.user;
    const hub = this.context?.hub;
    const hadUnsent = (hub?.unsent().size ?? 0) > 0;
    this.context = null;
    this.afterSignOut = !hadUnsent
      ? null
      : copies === 'keep'
        ? 'Your unsaved edits are kept in this browser and are sent when you sign in here again.'
        : 'Your unsaved edits were discarded.';
    const ended = await endSession(this.api);
    this.owedSignOut = !ended;
    await forgetCachedAnswers();
    // The browser copies can only be deleted once their rooms have closed them.
    await hub?.destroy();
    if (copies === 'discard' && user) await clearLocalRooms(user.id);
    this.navigate('/login', true);
  }

  /** Same-origin links navigate in place; modified clicks and other origins keep browser behaviour. */
  private interceptLink(e: MouseEvent): void {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const anchor = e.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    e.preventDefault();
    // The fragment is kept: the Help page opens at the section a link names.
    this.navigate(url.pathname + url.search + url.hash);
  }

  override render() {
    return html`
      <header>
        <a class="brand" href="/">Concord</a>
        <span class="spacer"></span>
        <a class="help" href="/help" aria-current=${this.route.name === 'help' ? 'page' : 'false'}>Help</a>
        ${
          this.context
            ? html`<cc-sync-indicator .hub=${this.context.hub}></cc-sync-indicator>
                <a class="user" href="/account" title="Your account" data-testid="signed-in-user"
                  >${this.context.user.name}</a
                >
                <button type="button" @click=${() => this.signOut()}>Sign out</button>`
            : nothing
        }
      </header>
      ${
        this.owedSignOut
          ? html`<p class="notice" role="status" data-testid="signout-pending">
              Signed out in this browser. The server will be told as soon as the connection returns.
            </p>`
          : nothing
      }
      ${
        this.afterSignOut && !this.context
          ? html`<p class="notice" role="status" data-testid="signout-outcome">${this.afterSignOut}</p>`
          : nothing
      }
      ${
        this.updateWaiting
          ? html`<p class="notice" role="status" data-testid="update-waiting">
              A new version of Concord is ready.
              <button type="button" @click=${() => this.updates?.activate()}>Reload to use it</button>
              (your work is kept either way)
            </p>`
          : nothing
      }
      <main>${this.page()}</main>
      ${this.signOutDialog === null ? nothing : this.signOutDialogTemplate(this.signOutDialog)}
    `;
  }

  private signOutDialogTemplate(what: string): TemplateResult {
    return html`<div class="backdrop">
      <section
        class="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="signout-title"
        aria-describedby="signout-text"
        data-testid="signout-dialog"
      >
        <h2 id="signout-title">Not everything is saved yet</h2>
        <p id="signout-text">
          <strong data-testid="signout-unsent">${what}</strong> have not reached the server.
          ${
            this.waiting
              ? navigator.onLine
                ? 'Waiting for the server to save them; you will be signed out as soon as it has.'
                : 'Waiting for the connection to return: they are saved then, and you are signed out.'
              : 'They are kept in this browser until the server confirms them.'
          }
        </p>
        <div class="actions">
          <button
            type="button"
            class="primary"
            ?disabled=${this.waiting}
            @click=${() => void this.waitThenSignOut()}
          >
            ${this.waiting ? 'Waiting…' : 'Wait, then sign out'}
          </button>
          <button type="button" @click=${() => this.stay()}>Stay signed in</button>
          <button type="button" @click=${() => void this.finishSignOut('keep')}>
            Sign out, keep them for my next sign-in here
          </button>
          <button type="button" class="danger" @click=${() => void this.finishSignOut('discard')}>
            Discard them and sign out
          </button>
        </div>
      </section>
    </div>`;
  }

  private page(): TemplateResult {
    if (this.checking) return html`<p class="centered muted">Loading…</p>`;
    const route = this.route;
    if (route.name === 'help') return html`<cc-help ?signedIn=${this.context !== null}></cc-help>`;
    if (route.name === 'login' || !this.context) {
      return html`<cc-login
        @cc-signed-in=${(e: CustomEvent<User>) => this.signedIn(e.detail, true)}
        .api=${this.api}
        .invitation=${signsInForInvitation(route)}
      ></cc-login>`;
    }
    const ctx = this.context;
    switch (route.name) {
      case 'projects':
        return html`<cc-project-list .context=${ctx}></cc-project-list>`;
      case 'project':
        return html`<cc-project-page .context=${ctx} .projectId=${route.projectId}></cc-project-page>`;
      case 'document':
        return html`<cc-coding-view
          .context=${ctx}
          .projectId=${route.projectId}
          .documentId=${route.documentId}
          .consensus=${route.consensus}
          .range=${route.range}
          .view=${route.view ?? null}
        ></cc-coding-view>`;
      case 'agreement':
        return html`<cc-agreement-dashboard
          .context=${ctx}
          .projectId=${route.projectId}
        ></cc-agreement-dashboard>`;
      case 'review':
        return html`<cc-review-queue .context=${ctx} .projectId=${route.projectId}></cc-review-queue>`;
      case 'codebook':
        return html`<cc-codebook-page .context=${ctx} .projectId=${route.projectId}></cc-codebook-page>`;
      case 'rounds':
        return html`<cc-rounds-page .context=${ctx} .projectId=${route.projectId}></cc-rounds-page>`;
      case 'members':
        return html`<cc-members-page .context=${ctx} .projectId=${route.projectId}></cc-members-page>`;
      case 'analysis':
        return html`<cc-analysis-page
          .context=${ctx}
          .projectId=${route.projectId}
          .view=${route.view}
          .choices=${route.choices ?? NO_CHOICES}
        ></cc-analysis-page>`;
      case 'memos':
        return html`<cc-memos-page
          .context=${ctx}
          .projectId=${route.projectId}
          .memoId=${route.memoId}
          .forDocument=${route.document}
          .forCode=${route.code}
        ></cc-memos-page>`;
      case 'search':
        return html`<cc-search-page
          .context=${ctx}
          .projectId=${route.projectId}
          .query=${route.query}
        ></cc-search-page>`;
      case 'invitation':
        return html`<cc-invitation-page .context=${ctx} .token=${route.token}></cc-invitation-page>`;
      case 'account':
        return html`<cc-account-page .context=${ctx}></cc-account-page>`;
      case 'notFound':
        return html`<p class="centered">Nothing here. <a href="/">Back to your projects</a></p>`;
    }
  }
}
