import { LitElement, html, nothing } from 'lit';
import { ApiError } from '../../api/ApiClient.ts';
import { RoundListSchema, type Round } from '../../api/roundsSchemas.ts';
import type { AppContext } from '../../context.ts';
import styles from './round-status.styles.ts';

/** Fired (bubbling, composed) after the open round's blindness was changed here. */
export type RoundChangedEvent = CustomEvent<{ blind: boolean }>;

/**
 * The project's round as the project page shows it: the open round (its name, linked to the
 * Rounds page, and whether it is blind), or "No round open". Reviewers and owners make the open
 * round blind (after confirming what coders stop seeing) or open it again, and start a round on
 * the Rounds page's start form — one notion of a round, whose figures are kept there.
 */
export class CcRoundStatus extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    blind: { attribute: false },
    review: { attribute: false },
    round: { state: true },
    loaded: { state: true },
    confirmBlind: { state: true },
    message: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  /** The project's blind setting (`project.blind`): the open round's, else the default between rounds. */
  declare blind: boolean;
  /** Whether the reader may start rounds and switch their blindness (owners, reviewers). */
  declare review: boolean;
  declare round: Round | null;
  declare loaded: boolean;
  /** "Make it blind" was pressed: the page says what changes and asks to confirm. */
  declare confirmBlind: boolean;
  declare message: string | null;
  private readFor: unknown = null;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.blind = false;
    this.review = false;
    this.round = null;
    this.loaded = false;
    this.confirmBlind = false;
    this.message = null;
  }

  override updated(): void {
    // The project's blind flag changes with every round change: read the rounds again then.
    const key = `${this.projectId ?? ''}|${String(this.blind)}`;
    if (this.context && this.projectId && this.readFor !== key) {
      this.readFor = key;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    if (!this.context || !this.projectId) return;
    try {
      const { rounds } = await this.context.api.get(
        `/api/projects/${this.projectId}/rounds`,
        RoundListSchema,
      );
      this.round = rounds.find((r) => r.status === 'open') ?? null;
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The rounds could not be read.';
    } finally {
      this.loaded = true;
    }
  }

  /** `PATCH {blind}` changes the open round (and the project's setting with it). */
  private async setBlind(blind: boolean): Promise<void> {
    if (!this.context || !this.projectId) return;
    this.confirmBlind = false;
    try {
      await this.context.api.send('PATCH', `/api/projects/${this.projectId}`, { blind });
      this.message = blind
        ? 'The round is blind: coders now see only their own codings.'
        : 'The round is open: everyone sees everyone’s codings.';
      this.dispatchEvent(
        new CustomEvent('cc-round-changed', { detail: { blind }, bubbles: true, composed: true }),
      );
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The round could not be changed.';
    }
  }

  override render() {
    if (!this.loaded || !this.projectId) return nothing;
    const rounds = `/projects/${this.projectId}/rounds`;
    const round = this.round;
    return html`<div class="status" data-testid="round-status-bar">
        ${
          round
            ? html`<span class="badge" data-blind=${String(round.blind)} data-testid="round-state"
                  >${round.blind ? 'Blind round' : 'Open round'}</span
                >
                <a href=${rounds} data-testid="open-round">“${round.name}”</a>
                ${
                  this.review
                    ? round.blind
                      ? html`<button type="button" @click=${() => void this.setBlind(false)}>
                          Open the round
                        </button>`
                      : html`<button type="button" @click=${() => (this.confirmBlind = true)}>
                          Make it blind…
                        </button>`
                    : nothing
                }`
            : html`<span class="badge" data-blind=${String(this.blind)} data-testid="round-state"
                  >No round open</span
                >
                ${
                  this.review
                    ? html`<a href="${rounds}?blind=1#start" data-testid="start-blind-round"
                          >Start a blind round…</a
                        >
                        <a href="${rounds}#start">Start a round…</a>`
                    : nothing
                }`
        }
      </div>
      ${
        !round && this.blind
          ? html`<p class="muted note" data-testid="blind-between-rounds">
              Coders still see only their own codings: the project is blind between rounds.
              ${
                this.review
                  ? html`<button type="button" @click=${() => void this.setBlind(false)}>
                      Open the project
                    </button>`
                  : nothing
              }
            </p>`
          : nothing
      }
      ${this.message ? html`<p role="status" class="note" data-testid="round-message">${this.message}</p>` : nothing}
      ${
        this.confirmBlind && round && !round.blind
          ? html`<section
              class="card confirm"
              role="alertdialog"
              aria-labelledby="blind-title"
              data-testid="confirm-blind"
            >
              <h2 id="blind-title">Make “${round.name}” blind?</h2>
              <p>
                Until the round is opened again or closes, coders and viewers see only their own codings:
                other coders' codings, the consensus, their cursors and selections, and every agreement figure
                are hidden from them, in documents they have open too. Reviewers and owners still see
                everything. Nothing is deleted. <a href="/help#blind">More about blind rounds</a>
              </p>
              <div class="actions">
                <button type="button" class="primary" @click=${() => void this.setBlind(true)}>
                  Make it blind
                </button>
                <button type="button" @click=${() => (this.confirmBlind = false)}>Cancel</button>
              </div>
            </section>`
          : nothing
      }`;
  }
}
