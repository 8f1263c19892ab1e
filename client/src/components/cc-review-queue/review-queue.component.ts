import { LitElement, html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { ApiError } from '../../api/ApiClient.ts';
import type { AppContext } from '../../context.ts';
import { ReviewQueue, type QueueItem } from '../../coding/ReviewQueue.ts';
import { Timelines } from '../../coding/Timelines.ts';
import { AgreementController } from '../../controllers/AgreementController.ts';
import { CodebookController } from '../../controllers/CodebookController.ts';
import { ProjectController } from '../../controllers/ProjectController.ts';
import { formatCoefficient } from '../../model/agreementView.ts';
import { withAlpha } from '../../model/colors.ts';
import { highlightPieces } from '../../model/disagreements.ts';
import { timeOfPosition } from '../../model/playback.ts';
import { routeUrl } from '../../model/route.ts';
import { navigateEvent } from '../../events.ts';
import { CodePointIndex } from '../../../../shared/model/codePoints.ts';
import type { ReviewDecision } from '../../../../shared/model/review.ts';
import { CONSENSUS } from '../../../../shared/protocol.ts';
import styles from './review-queue.styles.ts';

/** Characters of context shown around a region. */
const CONTEXT = 80;

/**
 * The disagreement review for reviewers: a queue of regions where the coders who finished a
 * document differ, each shown side by side with a discussion thread, settled by accepting one
 * coder's version, several, or the reviewer's own coding of the consensus. Progress and each
 * coder's agreement with the consensus update live.
 */
export class CcReviewQueue extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    selected: { state: true },
    openOnly: { state: true },
    busy: { state: true },
    commentError: { state: true },
    message: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  /** The selected region's key. */
  declare selected: string | null;
  declare openOnly: boolean;
  declare busy: boolean;
  /** An empty comment was sent: said under the comment box. */
  declare commentError: string | null;
  declare message: string;
  private readonly project = new ProjectController(this, () => ({
    context: this.context,
    projectId: this.projectId,
  }));
  private readonly codebook = new CodebookController(this, () => ({
    hub: this.context?.hub ?? null,
    projectId: this.projectId,
  }));
  // No live report for those a blind round keeps to their own layer (the server refuses it).
  private readonly live = new AgreementController(this, () =>
    this.context && this.projectId && this.project.state?.permissions.seesAllLayers === true
      ? `/api/projects/${this.projectId}/agreement/events?ci=0`
      : null,
  );
  private queue: ReviewQueue | null = null;
  private queueFor = '';
  private refreshedAt = -1;
  private readonly onQueue = () => this.requestUpdate();
  /** A comment is being written and not yet posted. */
  private draft = false;
  /** A comment being written is not lost to a closed tab without a warning. */
  private readonly onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (!this.draft) return;
    e.preventDefault();
    e.returnValue = '';
  };

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.selected = null;
    this.openOnly = false;
    this.busy = false;
    this.commentError = null;
    this.message = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onBeforeUnload);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    this.closeQueue();
    this.queueFor = '';
  }

  override willUpdate(): void {
    const key = this.context && this.projectId ? `${this.context.user.id}/${this.projectId}` : '';
    if (key !== this.queueFor) {
      this.closeQueue();
      this.queueFor = key;
      this.refreshedAt = -1;
      if (this.context && this.projectId) {
        this.queue = new ReviewQueue(this.context.api, this.context.hub, this.context.user, this.projectId);
        this.queue.addEventListener('change', this.onQueue);
      }
    }
    // Every live report follows a change to the project's codings: read the codings again.
    const state = this.project.state;
    if (this.queue && state && this.live.updates !== this.refreshedAt) {
      this.refreshedAt = this.live.updates;
      void this.queue.refresh(state.documents);
    }
  }

  private closeQueue(): void {
    this.queue?.removeEventListener('change', this.onQueue);
    this.queue?.destroy();
    this.queue = null;
  }

  private name = (id: string): string =>
    id === CONSENSUS ? 'Consensus' : (this.project.state?.members.find((m) => m.userId === id)?.name ?? id);

  private async act(item: QueueItem, action: () => Promise<void> | void, done: string): Promise<void> {
    this.busy = true;
    try {
      await action();
      this.message = done;
      const next = this.items().find((i) => !i.review && i.region.key !== item.region.key);
      if (next && item.review === null) this.selected = next.region.key;
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'That did not work; try again.';
    } finally {
      this.busy = false;
    }
  }

  private items(): QueueItem[] {
    const state = this.project.state;
    if (!this.queue || !state) return [];
    return this.queue.items(state.documents.map((d) => d.id));
  }

  override render() {
    if (this.project.error) return html`<p class="error" role="alert">${this.project.error}</p>`;
    const state = this.project.state;
    if (!state || !this.queue) return html`<p class="muted">Loading…</p>`;
    if (!state.permissions.review) {
      return html`<p class="error" role="alert">Only owners and reviewers review disagreements.</p>`;
    }
    const items = this.items();
    const settled = items.filter((i) => i.review).length;
    const shown = this.openOnly ? items.filter((i) => !i.review || i.region.key === this.selected) : items;
    const current =
      items.find((i) => i.region.key === this.selected) ?? shown.find((i) => !i.review) ?? shown[0];
    return html`
      <div class="head">
        <a href="/projects/${state.project.id}">← ${state.project.name}</a>
        <h1>Review disagreements</h1>
        ${
          this.queue.loaded
            ? html`<label class="row" style="font-weight:400">
                <progress max=${Math.max(1, items.length)} .value=${settled}></progress>
                <span data-testid="review-progress">${settled} of ${items.length} settled</span>
              </label>`
            : nothing
        }
        <span class="spacer"></span>
        ${this.renderAgainstConsensus()}
      </div>
      <div class="split">
        <nav aria-label="Disagreements">
          <label class="row" style="font-weight:400;font-size:13px">
            <input
              type="checkbox"
              .checked=${this.openOnly}
              @change=${(e: Event) => (this.openOnly = (e.target as HTMLInputElement).checked)}
            />
            Open only
          </label>
          ${this.queue.error ? html`<p class="error">${this.queue.error}</p>` : nothing}
          ${this.queue.loaded ? this.renderOrphans() : nothing}
          ${
            !this.queue.loaded
              ? html`<p class="muted">Reading the codings…</p>`
              : items.length === 0
                ? html`<p class="muted">No disagreements.</p>`
                : this.renderQueue(shown, current)
          }
        </nav>
        <section class="detail" aria-live="polite">
          ${
            current
              ? this.renderDetail(current)
              : this.queue.loaded && items.length === 0
                ? html`<div class="card empty" data-testid="empty-review">
                    <h2>Nothing to review yet</h2>
                    <p>
                      A transcript’s disagreements are listed here once at least two coders have coded it and
                      marked it <strong>Done</strong> (the tick in the transcript’s toolbar). If they have,
                      they agree everywhere: nothing needs settling.
                    </p>
                    <p><a href="/help#done">Why review waits for “Done”</a></p>
                  </div>`
                : nothing
          }
        </section>
      </div>
    `;
  }

  private renderAgainstConsensus() {
    const report = this.live.result?.againstConsensus;
    if (!report) return html`<span class="muted against">No consensus yet.</span>`;
    const pairs = report.pairs.filter((p) => p.split('|').includes(CONSENSUS));
    return html`<span class="against" data-testid="against-consensus">
      Agreement with consensus:
      ${pairs.map((p) => {
        const coder = p.split('|').find((c) => c !== CONSENSUS)!;
        return html`<span
          >${this.name(coder)} κ ${formatCoefficient(report.overall.pooledKappaByPair[p] ?? null)}</span
        >`;
      })}
    </span>`;
  }

  /** Codings whose text was deleted, with who coded what; re-anchored from the document itself. */
  private renderOrphans() {
    const state = this.project.state!;
    const orphans = this.queue!.orphans(state.documents.map((d) => d.id));
    if (orphans.length === 0) return nothing;
    const titles = new Map(state.documents.map((d) => [d.id, d.title]));
    const codes = new Map(this.codebook.codes.map((c) => [c.id, c.name]));
    // First in the list, so they are seen; folded away once the reviewer has looked.
    return html`<details class="orphans" open aria-label="Orphaned codings">
      <summary><h2>Orphaned codings (${orphans.length})</h2></summary>
      <p class="muted">
        Their text was deleted: they are left out of agreement and exports until re-anchored.
      </p>
      <ul data-testid="review-orphans">
        ${orphans.map(
          ({ documentId, orphan: o }) =>
            html`<li data-coding=${o.id}>
              <div>
                <strong>${o.code === null ? 'Unreadable coding' : (codes.get(o.code) ?? o.code)}</strong>
                <span class="muted">· ${this.name(o.coder)} · ${titles.get(documentId) ?? documentId}</span>
              </div>
              ${o.quote !== null ? html`<div class="excerpt"><em>“${o.quote}”</em></div>` : nothing}
              ${o.memo ? html`<div>${o.memo}</div>` : nothing}
              <a
                href=${routeUrl({
                  name: 'document',
                  projectId: state.project.id,
                  documentId,
                  // A consensus coding is re-anchored with the coding view writing the consensus.
                  consensus: o.coder === CONSENSUS,
                  range: null,
                })}
                >Re-anchor in the document →</a
              >
            </li>`,
        )}
      </ul>
    </details>`;
  }

  private renderQueue(items: readonly QueueItem[], current: QueueItem | undefined) {
    const titles = new Map(this.project.state!.documents.map((d) => [d.id, d.title]));
    const codes = new Map(this.codebook.codes.map((c) => [c.id, c.name]));
    const groups = new Map<string, QueueItem[]>();
    for (const item of items) groups.set(item.documentId, [...(groups.get(item.documentId) ?? []), item]);
    return html`${[...groups].map(
      ([documentId, list]) =>
        html`<h2>${titles.get(documentId) ?? documentId}</h2>
          <ol data-testid="review-queue">
            ${list.map((item) => {
              const text = [...this.queue!.text(documentId)]
                .slice(item.region.start, item.region.end)
                .join('');
              return html`<li>
                <button
                  type="button"
                  aria-current=${String(item === current)}
                  data-region=${item.region.key}
                  @click=${() => (this.selected = item.region.key)}
                >
                  <span class="excerpt">${text}</span>
                  <span>${item.region.codes.map((c) => codes.get(c) ?? c).join(', ')}</span>
                  <span class="state ${item.review ? 'settled' : ''}">
                    ${item.review ? `✓ settled (${describe(item.review.decision, this.name)})` : 'open'}
                    ${item.comments > 0 ? ` · ${item.comments} comment${item.comments === 1 ? '' : 's'}` : ''}
                  </span>
                </button>
              </li>`;
            })}
          </ol>`,
    )}`;
  }

  private renderDetail(item: QueueItem) {
    const queue = this.queue!;
    const state = this.project.state!;
    const chars = [...queue.text(item.documentId)];
    const { region } = item;
    const title = state.documents.find((d) => d.id === item.documentId)?.title ?? item.documentId;
    const versions = [...item.coders, CONSENSUS];
    const codingsOf = (coder: string) =>
      coder === CONSENSUS
        ? queue
            .consensusCodings(item.documentId)
            .filter((c) => region.codes.includes(c.code) && c.start < region.end && region.start < c.end)
        : region.codings.filter((c) => c.coder === coder);
    const index = new CodePointIndex(chars.join(''));
    const writeOwn = routeUrl({
      name: 'document',
      projectId: state.project.id,
      documentId: item.documentId,
      consensus: true,
      range: { from: index.toUtf16(region.start), to: index.toUtf16(region.end) },
    });
    return html`
      <h2>${title}</h2>
      ${this.renderTime(item.documentId, chars, region.start)}
      <div class="versions" data-testid="versions">
        ${versions.map((coder) => this.renderVersion(coder, codingsOf(coder), chars, region.start, region.end))}
      </div>
      <div class="actions" role="group" aria-label="Settle this disagreement">
        ${item.coders.map(
          (coder) =>
            html`<button
              type="button"
              class="primary"
              ?disabled=${this.busy}
              @click=${() => void this.act(item, () => queue.accept(item, [coder]), `Accepted ${this.name(coder)}’s version.`)}
            >
              Accept ${this.name(coder)}
            </button>`,
        )}
        <button
          type="button"
          ?disabled=${this.busy}
          @click=${() => void this.act(item, () => queue.accept(item, item.coders), 'Accepted every version.')}
        >
          Accept ${item.coders.length === 2 ? 'both' : 'all'}
        </button>
        <button
          type="button"
          ?disabled=${this.busy}
          @click=${() => this.dispatchEvent(navigateEvent(writeOwn))}
        >
          Write own…
        </button>
        ${
          item.review?.decision.kind !== 'own'
            ? html`<button
                type="button"
                ?disabled=${this.busy}
                title="After coding the consensus yourself"
                @click=${() => void this.act(item, () => queue.settleOwn(item), 'Settled with your own coding.')}
              >
                Mark settled as coded
              </button>`
            : nothing
        }
        ${
          item.review
            ? html`<button
                type="button"
                ?disabled=${this.busy}
                @click=${() => void this.act(item, () => queue.reopen(item), 'Opened again.')}
              >
                Reopen
              </button>`
            : nothing
        }
      </div>
      ${this.message ? html`<p role="status" data-testid="review-status">${this.message}</p>` : nothing}
      ${this.renderThread(item)}
    `;
  }

  /** The page's timelines, read once per document shown. */
  private timelineCache: Timelines | null = null;

  /**
   * When the disputed passage of a recording's transcript was spoken, `[00:12:31]`, by its
   * document's timeline, with a button that plays it.
   */
  private renderTime(documentId: string, chars: readonly string[], start: number) {
    const api = this.context?.api;
    const document = this.project.state?.documents.find((d) => d.id === documentId);
    const recorded = document?.source?.kind === 'audio' || document?.source?.kind === 'video';
    if (!api || !document || !recorded) return nothing;
    if (this.timelineCache?.projectId !== document.projectId)
      this.timelineCache = new Timelines(api, document.projectId, () => this.requestUpdate());
    const timelines = this.timelineCache;
    const cues = timelines.cuesNow(documentId);
    if (!cues || cues.length === 0) return nothing;
    const lineStart = chars.lastIndexOf('\n', start - 1) + 1;
    const newline = chars.indexOf('\n', start);
    const ms = timeOfPosition(cues, lineStart, newline < 0 ? chars.length : newline, start);
    if (ms === null) return nothing;
    return html`<cc-passage-time
      .ms=${ms}
      .src=${`/api/projects/${document.projectId}/documents/${documentId}/file`}
      .cues=${() => timelines.cues(documentId)}
    ></cc-passage-time>`;
  }

  private renderVersion(
    coder: string,
    codings: readonly { code: string; start: number; end: number }[],
    chars: readonly string[],
    start: number,
    end: number,
  ) {
    const colors = new Map(this.codebook.shownCodes.map((c) => [c.id, c]));
    const before = chars.slice(Math.max(0, start - CONTEXT), start).join('');
    const after = chars.slice(end, end + CONTEXT).join('');
    const codes = [...new Set(codings.map((c) => c.code))];
    return html`<div class="version" data-coder=${coder}>
      <h3 id="version-${coder}">${this.name(coder)}</h3>
      <!-- Focusable so the passage scrolls from the keyboard too (it scrolls when long). -->
      <div class="passage" tabindex="0" role="region" aria-labelledby="version-${coder}">
        <span class="context">${before ? `…${before}` : ''}</span>${highlightPieces(start, end, codings).map(
          (piece) => {
            const text = chars.slice(piece.start, piece.end).join('');
            if (piece.codes.length === 0) return html`<span>${text}</span>`;
            const color = colors.get(piece.codes[0]!)?.color ?? '#777777';
            return html`<mark
              style=${styleMap({ background: withAlpha(color, 0.35) })}
              title=${piece.codes.map((c) => colors.get(c)?.name ?? c).join(', ')}
              >${text}</mark
            >`;
          },
        )}<span class="context">${after ? `${after}…` : ''}</span>
      </div>
      <ul class="codes">
        ${
          codes.length === 0
            ? html`<li style="--code-color: transparent">no code here</li>`
            : codes.map(
                (c) =>
                  html`<li style=${styleMap({ '--code-color': colors.get(c)?.color ?? '#777' })}>
                    ${colors.get(c)?.name ?? c}
                  </li>`,
              )
        }
      </ul>
    </div>`;
  }

  private renderThread(item: QueueItem) {
    const comments = this.queue!.thread(item);
    return html`<section class="thread card" aria-label="Discussion">
      <h3>Discussion</h3>
      ${
        comments.length > 0
          ? html`<ol data-testid="thread">
              ${comments.map(
                (c) =>
                  html`<li>
                    <strong>${c.name}</strong> <span class="muted">${new Date(c.at).toLocaleString()}</span
                    ><br />${c.text}
                  </li>`,
              )}
            </ol>`
          : nothing
      }
      <form
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          const form = e.target as HTMLFormElement;
          const text = String(new FormData(form).get('comment') ?? '').trim();
          if (!text) {
            this.commentError = 'Write your comment first.';
            form.querySelector('textarea')?.focus();
            return;
          }
          this.commentError = null;
          this.queue!.comment(item, text);
          form.reset();
          this.draft = false;
        }}
      >
        <label class="visually-hidden" for="comment">Comment</label>
        <textarea
          id="comment"
          name="comment"
          placeholder="Why this version? Add a comment…"
          maxlength="10000"
          aria-invalid=${this.commentError ? 'true' : 'false'}
          aria-describedby=${this.commentError ? 'comment-error' : nothing}
          @input=${(e: Event) => {
            this.draft = (e.target as HTMLTextAreaElement).value.trim() !== '';
            if (this.draft) this.commentError = null;
          }}
        ></textarea>
        ${
          this.commentError
            ? html`<p id="comment-error" class="field-error" data-testid="comment-error">
                ${this.commentError}
              </p>`
            : nothing
        }
        <div><button type="submit">Comment</button></div>
      </form>
    </section>`;
  }
}

/** A settled region's decision in a few words. */
function describe(decision: ReviewDecision, name: (id: string) => string): string {
  if (decision.kind === 'own') return 'own coding';
  return decision.coders.length > 1 ? 'all versions' : name(decision.coders[0]!);
}
