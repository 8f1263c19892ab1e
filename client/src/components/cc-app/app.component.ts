import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { ApiClient, ApiError } from '../../api/ApiClient.ts';
import { MeSchema } from '../../api/schemas.ts';
import type { AppContext } from '../../context.ts';
import { parseRoute, routeUrl, type Route } from '../../model/route.ts';
import { RoomHub, clearLocalRooms } from '../../sync/RoomHub.ts';
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
  };
  declare route: Route;
  declare context: AppContext | null;
  declare checking: boolean;
  private readonly api = new ApiClient();
  private readonly onPopState = () => this.show(parseRoute(location.pathname, location.search));
  private readonly onUnauthorized = () => this.signedOut();

  constructor() {
    super();
    this.route = parseRoute(location.pathname, location.search);
    this.context = null;
    this.checking = true;
    this.addEventListener('cc-navigate', (e) => this.navigate(e.detail.url, e.detail.replace));
    this.addEventListener('click', (e) => this.interceptLink(e));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.onPopState);
    this.api.addEventListener('unauthorized', this.onUnauthorized);
    void this.restoreSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.onPopState);
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
    if (!this.context && route.name !== 'login' && !this.checking) {
      const login: Route = { name: 'login', next: routeUrl(route) };
      history.replaceState(null, '', routeUrl(login));
      this.route = login;
      return;
    }
    this.route = route;
    window.scrollTo(0, 0);
  }

  private async restoreSession(): Promise<void> {
    try {
      const me = await this.api.get('/api/me', MeSchema);
      this.signedIn(me.user, false);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) console.error(err);
      this.checking = false;
      this.show(this.route);
    }
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
    this.context = null;
    if (this.route.name !== 'login') this.show(this.route);
  }

  private async signOut(): Promise<void> {
    try {
      await this.api.send('POST', '/api/auth/logout');
    } catch (err) {
      // Signing out locally still matters when the server cannot be reached.
      console.warn('sign-out request failed', err);
    }
    const hub = this.context?.hub;
    this.context = null;
    // The browser copies can only be deleted once their rooms have closed them.
    await hub?.destroy();
    await clearLocalRooms();
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
    this.navigate(url.pathname + url.search);
  }

  override render() {
    return html`
      <header>
        <a class="brand" href="/">Concord</a>
        <span class="spacer"></span>
        ${
          this.context
            ? html`<cc-sync-indicator .hub=${this.context.hub}></cc-sync-indicator>
                <span class="user" data-testid="signed-in-user">${this.context.user.name}</span>
                <button type="button" @click=${() => void this.signOut()}>Sign out</button>`
            : nothing
        }
      </header>
      <main>${this.page()}</main>
    `;
  }

  private page(): TemplateResult {
    if (this.checking) return html`<p class="centered muted">Loading…</p>`;
    const route = this.route;
    if (route.name === 'login' || !this.context) {
      return html`<cc-login
        @cc-signed-in=${(e: CustomEvent<User>) => this.signedIn(e.detail, true)}
        .api=${this.api}
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
      case 'notFound':
        return html`<p class="centered">Nothing here. <a href="/">Back to your projects</a></p>`;
    }
  }
}
