import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { memoAccess } from '../../../../shared/access.ts';
import {
  MemoListSchema,
  MemoViewSchema,
  type MemoKind,
  type MemoLinks,
  type MemoSummary,
  type MemoView,
} from '../../../../shared/memos/schemas.ts';
import { memoBody } from '../../../../shared/model/memo.ts';
import { ApiError } from '../../api/ApiClient.ts';
import type { AppContext } from '../../context.ts';
import { CodebookController } from '../../controllers/CodebookController.ts';
import { ProjectController } from '../../controllers/ProjectController.ts';
import { navigateEvent } from '../../events.ts';
import { personColor } from '../../model/colors.ts';
import { linkNames, MEMO_KIND_LABELS, memoToOpen } from '../../model/memos.ts';
import type { RoomHandle } from '../../sync/RoomHub.ts';
import styles from './memos-page.styles.ts';

/** How long the search waits after the last keystroke before asking the server (ms). */
const SEARCH_DELAY_MS = 250;
/** How often the list is read again while the page is open (ms): others' memos and edits appear. */
const LIST_REFRESH_MS = 5_000;

/**
 * Memos: the project's memos the user may read (search, kind filter, author, links), and one memo
 * open beside them, written together live (its room `memo:<projectId>:<memoId>`), with who else
 * is in it, its title and its links to documents and codes. In a blind round a coder sees their
 * own memos and those of owners and reviewers, the latter read-only.
 */
export class CcMemosPage extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    memoId: { attribute: false },
    forDocument: { attribute: false },
    forCode: { attribute: false },
    memos: { state: true },
    query: { state: true },
    kind: { state: true },
    open: { state: true },
    message: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  /** The memo to show, from the address. */
  declare memoId: string | null;
  /** Open (or create) the user's memo on this document (`?document=`). */
  declare forDocument: string | null;
  /** Open (or create) the user's memo on this code (`?code=`). */
  declare forCode: string | null;
  declare memos: MemoSummary[] | null;
  declare query: string;
  declare kind: MemoKind | '';
  declare open: MemoView | null;
  declare message: string | null;
  private readonly project = new ProjectController(this, () => ({
    context: this.context,
    projectId: this.projectId,
  }));
  private readonly codebook = new CodebookController(this, () => ({
    hub: this.context?.hub ?? null,
    projectId: this.projectId,
  }));
  private handle: RoomHandle | null = null;
  private loadedFor: unknown = null;
  private openedFor: string | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshTimer: ReturnType<typeof setInterval> | null = null;
  private opening: string | null = null;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.memoId = null;
    this.forDocument = null;
    this.forCode = null;
    this.memos = null;
    this.query = '';
    this.kind = '';
    this.open = null;
    this.message = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.refreshTimer = setInterval(() => void this.loadList(), LIST_REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.handle?.release();
    this.handle = null;
  }

  override updated(): void {
    const state = this.project.state;
    if (state && this.loadedFor !== state) {
      // A round turning blind or open, or a new role, reloads the project: what may be read or
      // written changes with it.
      const again = this.loadedFor !== null;
      this.loadedFor = state;
      void this.loadList().then(() => this.openAsked());
      if (again) void this.refreshOpen();
    }
    if (this.context && this.memoId !== this.openedFor) {
      this.openedFor = this.memoId;
      void this.loadMemo(this.memoId);
    }
  }

  private get base(): string {
    return `/api/projects/${this.projectId ?? ''}/memos`;
  }

  private async loadList(): Promise<void> {
    if (!this.context || !this.projectId) return;
    const params = new URLSearchParams();
    if (this.query.trim() !== '') params.set('q', this.query.trim());
    if (this.kind !== '') params.set('kind', this.kind);
    const qs = params.toString();
    try {
      this.memos = (await this.context.api.get(`${this.base}${qs ? `?${qs}` : ''}`, MemoListSchema)).memos;
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The memos could not be loaded.';
    }
  }

  private async loadMemo(memoId: string | null): Promise<void> {
    this.handle?.release();
    this.handle = null;
    this.open = null;
    if (!memoId || !this.context) return;
    try {
      const view = await this.context.api.get(`${this.base}/${memoId}`, MemoViewSchema);
      if (this.memoId !== memoId) return;
      this.handle = this.context.hub.acquire(view.room);
      this.announcePresence(this.handle);
      this.open = view;
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The memo could not be opened.';
    }
  }

  /**
   * Says who is here as soon as the memo's room is joined. The editor would otherwise announce
   * only once its cursor moves (first click into the text), and until then the others would keep
   * reading "Only you here". The server stamps the signed-in identity over id and name; the
   * colour is this person's cursor colour, the same as in the coding view.
   */
  private announcePresence(handle: RoomHandle): void {
    const user = this.context?.user;
    if (!user) return;
    const { color, light } = personColor(user.id);
    handle.provider.awareness.setLocalStateField('user', {
      id: user.id,
      name: user.name,
      color,
      colorLight: light,
    });
  }

  /** Reads the open memo again (its access may have changed); closes it when it is gone or hidden. */
  private async refreshOpen(): Promise<void> {
    const open = this.open;
    if (!open || !this.context) return;
    try {
      const view = await this.context.api.get(`${this.base}/${open.id}`, MemoViewSchema);
      if (this.open?.id === view.id) this.open = view;
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.handle?.release();
      this.handle = null;
      this.open = null;
      this.message = err.message;
    }
  }

  /** `?document=` or `?code=`: opens the user's memo on it, or starts one. */
  private async openAsked(): Promise<void> {
    const state = this.project.state;
    const about = this.forDocument
      ? ({ kind: 'document', id: this.forDocument } as const)
      : this.forCode
        ? ({ kind: 'code', id: this.forCode } as const)
        : null;
    if (!about || !state || !this.memos || !this.context || this.opening === `${about.kind}:${about.id}`)
      return;
    this.opening = `${about.kind}:${about.id}`;
    const { subject } = state.permissions;
    const round = state.project;
    const roleOf = (id: string) => state.members.find((m) => m.userId === id)?.role ?? null;
    const found = memoToOpen(
      this.memos.filter((m) => m.kind === about.kind),
      about,
      subject.userId,
      (m) =>
        memoAccess(
          subject,
          { author: { userId: m.authorId, role: roleOf(m.authorId), isAdmin: false } },
          round,
        ) === 'write',
    );
    if (found) {
      this.go(found.id, true);
      return;
    }
    const name =
      about.kind === 'document'
        ? state.documents.find((d) => d.id === about.id)?.title
        : this.codebook.codes.find((c) => c.id === about.id)?.name;
    await this.create(about.kind, `Memo on ${name ?? about.kind}`, {
      codes: about.kind === 'code' ? [about.id] : [],
      documents: about.kind === 'document' ? [about.id] : [],
      passages: [],
    });
  }

  private go(memoId: string, replace = false): void {
    this.dispatchEvent(navigateEvent(`/projects/${this.projectId ?? ''}/memos/${memoId}`, replace));
  }

  private async create(kind: MemoKind, title: string, links: MemoLinks): Promise<void> {
    if (!this.context) return;
    try {
      const memo = await this.context.api.post(this.base, { kind, title, links }, MemoViewSchema);
      await this.loadList();
      this.go(memo.id, kind !== 'project');
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The memo could not be created.';
    }
  }

  private async change(body: { title?: string; links?: MemoLinks }): Promise<void> {
    const open = this.open;
    if (!open || !this.context) return;
    try {
      this.open = {
        ...(await this.context.api.patch(`${this.base}/${open.id}`, body, MemoViewSchema)),
        access: open.access,
      };
      this.message = null;
      await this.loadList();
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The change could not be saved.';
    }
  }

  private async deleteMemo(): Promise<void> {
    const open = this.open;
    if (!open || !this.context) return;
    if (!window.confirm(`Delete the memo “${open.title}” for everyone?`)) return;
    try {
      await this.context.api.send('DELETE', `${this.base}/${open.id}`);
      this.dispatchEvent(navigateEvent(`/projects/${this.projectId ?? ''}/memos`));
      await this.loadList();
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The memo could not be deleted.';
    }
  }

  private search(value: string): void {
    this.query = value;
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.loadList(), SEARCH_DELAY_MS);
  }

  override render() {
    if (this.project.error) return html`<p class="error" role="alert">${this.project.error}</p>`;
    const state = this.project.state;
    if (!state) return html`<p class="muted">Loading…</p>`;
    const { project, permissions } = state;
    return html`<div class="wrap">
      <div>
        <a href="/projects/${project.id}">← ${project.name}</a>
        <h1>Memos</h1>
        <p class="muted lead">
          Analytic memos on the project, a document or a code, written together as you think. Everyone in a
          memo sees the others’ words as they type.
          ${
            project.blind && !permissions.seesAllLayers
              ? 'While the round is blind you see your own memos and those of owners and reviewers, which you can read but not change.'
              : ''
          }
        </p>
      </div>
      ${this.message ? html`<p role="status" data-testid="memos-message">${this.message}</p>` : nothing}
      <div class="columns">
        <section aria-labelledby="list-title">
          <h2 id="list-title" class="visually-hidden">All memos</h2>
          <div class="filters">
            <label
              >Search memos
              <input
                type="search"
                data-testid="memo-search"
                .value=${live(this.query)}
                @input=${(e: Event) => this.search((e.target as HTMLInputElement).value)}
            /></label>
            <label
              >Kind
              <select
                data-testid="memo-kind-filter"
                @change=${(e: Event) => {
                  this.kind = (e.target as HTMLSelectElement).value as MemoKind | '';
                  void this.loadList();
                }}
              >
                <option value="" ?selected=${this.kind === ''}>All kinds</option>
                ${(['project', 'document', 'code'] as const).map(
                  (k) =>
                    html`<option value=${k} ?selected=${this.kind === k}>${MEMO_KIND_LABELS[k]}s</option>`,
                )}
              </select></label
            >
            ${
              permissions.code || permissions.review
                ? html`<button
                    class="primary"
                    data-testid="new-memo"
                    @click=${() => void this.create('project', 'Untitled memo', { codes: [], documents: [], passages: [] })}
                  >
                    New memo
                  </button>`
                : nothing
            }
          </div>
          ${this.list()}
        </section>
        <section aria-label="Open memo">${this.memo()}</section>
      </div>
    </div>`;
  }

  private list(): TemplateResult {
    if (this.memos === null) return html`<p class="muted">Loading…</p>`;
    if (this.memos.length === 0)
      return html`<p class="muted" data-testid="memo-list-empty">
        ${this.query || this.kind ? 'No memo matches.' : 'No memos yet.'}
      </p>`;
    const state = this.project.state;
    const names = {
      document: (id: string) => state?.documents.find((d) => d.id === id)?.title ?? null,
      code: (id: string) => this.codebook.codes.find((c) => c.id === id)?.name ?? null,
    };
    return html`<ul class="list" data-testid="memo-list">
      ${this.memos.map((m) => {
        const links = linkNames(m, names);
        return html`<li>
          <a
            href="/projects/${this.projectId}/memos/${m.id}"
            aria-current=${m.id === this.memoId ? 'page' : 'false'}
            data-testid="memo-item"
          >
            <span class="memo-title">${m.title}</span>
            <span class="muted small">${MEMO_KIND_LABELS[m.kind]} · ${m.authorName}</span>
            ${links.length > 0 ? html`<span class="small">On ${links.join(', ')}</span>` : nothing}
            ${m.excerpt ? html`<span class="muted small">${m.excerpt}</span>` : nothing}
          </a>
        </li>`;
      })}
    </ul>`;
  }

  private memo(): TemplateResult {
    if (!this.memoId) return html`<p class="muted">Choose a memo, or start a new one.</p>`;
    const open = this.open;
    const handle = this.handle;
    const state = this.project.state;
    if (!open || !handle || !state)
      return html`<p class="muted">${this.message ? 'This memo cannot be shown.' : 'Opening…'}</p>`;
    const writes = open.access === 'write';
    const mayDelete =
      writes && (open.authorId === state.permissions.subject.userId || state.permissions.review);
    return html`<div class="memo" data-testid="memo">
      <label class="title-field"
        >Title
        <input
          data-testid="memo-title"
          .value=${live(open.title)}
          ?readonly=${!writes}
          maxlength="300"
          @change=${(e: Event) => {
            const title = (e.target as HTMLInputElement).value.trim();
            if (title !== '' && title !== open.title) void this.change({ title });
          }}
      /></label>
      <div class="head">
        <span class="muted small">${MEMO_KIND_LABELS[open.kind]} by ${open.authorName}</span>
        ${writes ? nothing : html`<span class="badge" data-testid="memo-read-only">Read only</span>`}
        <span class="spacer"></span>
        <cc-presence
          .awareness=${handle.provider.awareness}
          .selfId=${state.permissions.subject.userId}
        ></cc-presence>
        ${
          mayDelete
            ? html`<button class="danger" data-testid="memo-delete" @click=${() => void this.deleteMemo()}>
                Delete
              </button>`
            : nothing
        }
      </div>
      ${this.linkPicker(
        'Linked documents',
        state.documents.map((d) => ({ id: d.id, name: d.title })),
        open.links.documents,
        writes,
        (documents) => ({ ...open.links, documents }),
      )}
      ${this.linkPicker(
        'Linked codes',
        this.codebook.codes.map((c) => ({ id: c.id, name: c.name })),
        open.links.codes,
        writes,
        (codes) => ({ ...open.links, codes }),
      )}
      <cc-memo-editor
        .ytext=${memoBody(handle.doc)}
        .awareness=${handle.provider.awareness}
        ?editable=${writes}
        label="Text of the memo ${open.title}"
      ></cc-memo-editor>
    </div>`;
  }

  private linkPicker(
    label: string,
    items: { id: string; name: string }[],
    chosen: readonly string[],
    writes: boolean,
    links: (ids: string[]) => MemoLinks,
  ): TemplateResult {
    const shown = chosen.map((id) => items.find((i) => i.id === id)?.name ?? 'deleted').join(', ');
    return html`<details>
      <summary>${label}: ${shown || 'none'}</summary>
      <ul>
        ${items.map(
          (item) =>
            html`<li>
              <label
                ><input
                  type="checkbox"
                  .checked=${live(chosen.includes(item.id))}
                  ?disabled=${!writes}
                  @change=${(e: Event) => {
                    const on = (e.target as HTMLInputElement).checked;
                    const ids = on ? [...chosen, item.id] : chosen.filter((id) => id !== item.id);
                    void this.change({ links: links(ids) });
                  }}
                />
                ${item.name}</label
              >
            </li>`,
        )}
      </ul>
    </details>`;
  }
}
