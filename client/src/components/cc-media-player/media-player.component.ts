import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { LitElement, css, html, nothing } from 'lit';
import { BACK_MS, rateLabel, stepRate } from '../../model/playback.ts';
import { sharedStyles } from '../../styles/shared.styles.ts';

/** The element a recording plays in, by kind (constants, so lit's static templates are cached). */
const AUDIO = unsafeStatic('audio');
const VIDEO = unsafeStatic('video');

/**
 * A document's recording, played by the browser's own `<audio>` or `<video>` element with its
 * controls, and the speed it plays at. The coding view drives it from the transcript's keys.
 *
 * @event cc-time - `CustomEvent<number>`: the playing position moved (played on, sought or
 *   jumped), in milliseconds from the recording's start.
 */
export class CcMediaPlayer extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px 10px;
        padding: 6px 12px;
        background: var(--cc-surface);
        border-bottom: 1px solid var(--cc-border);
        min-width: 0;
      }
      audio {
        flex: 1 1 260px;
        min-width: 0;
        height: 40px;
      }
      /* A video stays small enough to leave most of the height to the transcript. */
      video {
        flex: 0 1 auto;
        max-width: 100%;
        max-height: min(28vh, 220px);
        background: #000;
      }
      .rate {
        display: flex;
        align-items: center;
        gap: 4px;
        font-size: 13px;
      }
      .rate button {
        padding: 2px 8px;
      }
      output {
        min-width: 3.5em;
        text-align: center;
        font-variant-numeric: tabular-nums;
      }
      .keys {
        font-size: 12px;
      }
      p.error {
        flex-basis: 100%;
        margin: 0;
        font-size: 13px;
      }
    `,
  ];
  static override properties = {
    src: { type: String },
    kind: { type: String },
    label: { type: String },
    hint: { type: String },
    rate: { state: true },
    failure: { state: true },
  };
  /** The recording's address (`GET …/documents/:documentId/file`). */
  declare src: string;
  declare kind: 'audio' | 'video';
  /** Accessible name of the media element. */
  declare label: string;
  /** The keys that drive the player, shown beside it. */
  declare hint: string;
  /** The speed it plays at (1: as recorded). */
  declare rate: number;
  /** Why the browser cannot play the recording, or null while it can. */
  declare failure: string | null;

  constructor() {
    super();
    this.src = '';
    this.kind = 'audio';
    this.label = 'Recording';
    this.hint = '';
    this.rate = 1;
    this.failure = null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('src')) this.failure = null;
  }

  /**
   * The media element gave up (MediaError, HTML §4.8.11.1): said in words at the player, since the
   * element itself only greys out. Codes: 2 network, 3 decode, 4 format not supported.
   */
  private readonly onError = (e: Event) => {
    const error = (e.target as HTMLMediaElement).error;
    const why =
      error?.code === 2
        ? 'the connection failed while loading it; reload the page to try again'
        : 'your browser cannot play this file (it may be damaged, or in a format the browser does not read); the transcript can still be coded';
    this.failure = `The recording cannot be played: ${why}.`;
  };

  private get media(): HTMLMediaElement | null {
    return this.renderRoot.querySelector('audio, video');
  }

  /** Where it is playing, in milliseconds (0 before the recording is loaded). */
  get currentMs(): number {
    return Math.round((this.media?.currentTime ?? 0) * 1000);
  }

  /** The recording's length in milliseconds, or null while not known. */
  get durationMs(): number | null {
    const duration = this.media?.duration;
    return duration !== undefined && Number.isFinite(duration) ? duration * 1000 : null;
  }

  /** Plays from `ms` (milliseconds from the start). */
  seek(ms: number, play = true): void {
    const media = this.media;
    if (!media) return;
    media.currentTime = Math.max(0, ms) / 1000;
    if (play) void media.play().catch(() => undefined);
  }

  /** Plays when paused, pauses when playing. */
  toggle(): void {
    const media = this.media;
    if (!media) return;
    if (media.paused) void media.play().catch(() => undefined);
    else media.pause();
  }

  /** Jumps back 5 seconds (not before the start). */
  back(): void {
    const media = this.media;
    if (media) media.currentTime = Math.max(0, media.currentTime - BACK_MS / 1000);
  }

  /** Plays one step slower (`-1`) or faster (`+1`), see `PLAYBACK_RATES`. */
  changeRate(direction: -1 | 1): void {
    this.rate = stepRate(this.rate, direction);
    const media = this.media;
    if (media) media.playbackRate = this.rate;
  }

  private readonly onTime = () => {
    this.dispatchEvent(
      new CustomEvent<number>('cc-time', { detail: this.currentMs, bubbles: true, composed: true }),
    );
  };

  override render() {
    // `preload="metadata"`: the length is known at once, the recording itself loads as it plays.
    const tag = this.kind === 'video' ? VIDEO : AUDIO;
    const media = staticHtml`<${tag}
      controls
      preload="metadata"
      src=${this.src}
      aria-label=${this.label}
      data-testid="recording"
      .playbackRate=${this.rate}
      @timeupdate=${this.onTime}
      @seeked=${this.onTime}
      @error=${this.onError}
    ></${tag}>`;
    return html`${media}
      <span class="rate" role="group" aria-label="Playback speed">
        <button type="button" title="Slower (Alt+,)" aria-label="Slower" @click=${() => this.changeRate(-1)}>
          −
        </button>
        <output data-testid="playback-rate" aria-label="Speed">${rateLabel(this.rate)}</output>
        <button type="button" title="Faster (Alt+.)" aria-label="Faster" @click=${() => this.changeRate(1)}>
          +
        </button>
      </span>
      ${this.hint ? html`<span class="keys muted">${this.hint}</span>` : nothing}
      ${this.failure ? html`<p class="error" role="alert" data-testid="recording-error">${this.failure}</p>` : nothing}`;
  }
}
