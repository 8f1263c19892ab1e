import { LitElement, css, html, nothing } from 'lit';
import { formatTime } from '../../../../shared/model/cues.ts';
import type { Cue } from '../../../../shared/sources.ts';
import { passageEndMs, stampText } from '../../model/playback.ts';
import { sharedStyles } from '../../styles/shared.styles.ts';

/**
 * When a quoted passage was spoken, `[00:12:31]`, and for a document with a recording a button
 * that plays it in a small player of its own: from the passage's time to the end of its cue.
 */
export class CcPassageTime extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: inline-flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 4px 8px;
        font-variant-numeric: tabular-nums;
      }
      button {
        padding: 1px 8px;
        font-size: 12px;
      }
      audio {
        height: 32px;
        max-width: 100%;
      }
    `,
  ];
  static override properties = {
    ms: { type: Number },
    src: { type: String },
    cues: { attribute: false },
    end: { state: true },
    open: { state: true },
  };
  /** When the passage starts, in milliseconds from the recording's start. */
  declare ms: number;
  /** The recording's address (`GET …/documents/:documentId/file`); empty: no recording to play. */
  declare src: string;
  /** Reads the document's cues, for where the passage's cue ends. */
  declare cues: (() => Promise<Cue[]>) | null;
  /** Where playing stops (ms), or null to play on; worked out on the first play. */
  declare end: number | null;
  declare open: boolean;

  constructor() {
    super();
    this.ms = 0;
    this.src = '';
    this.cues = null;
    this.end = null;
    this.open = false;
  }

  private get media(): HTMLAudioElement | null {
    return this.renderRoot.querySelector('audio');
  }

  private async play(): Promise<void> {
    if (!this.open) {
      this.end = this.cues ? passageEndMs(await this.cues(), this.ms) : null;
      this.open = true;
      await this.updateComplete;
    }
    const media = this.media;
    if (!media) return;
    media.currentTime = this.ms / 1000;
    void media.play().catch(() => undefined);
  }

  /** Stops at the end of the passage's cue (the address's `#t=` asks the same of browsers that read it). */
  private readonly onTime = () => {
    const media = this.media;
    if (media && this.end !== null && media.currentTime * 1000 >= this.end) media.pause();
  };

  override render() {
    const time = formatTime(this.ms);
    const fragment = `#t=${this.ms / 1000}${this.end === null ? '' : `,${this.end / 1000}`}`;
    return html`<span class="time" data-testid="passage-time">${stampText(this.ms)}</span> ${
        this.src
          ? html`<button
              type="button"
              data-testid="play-passage"
              aria-label="Play from ${time}"
              @click=${() => void this.play()}
            >
              ▶ Play
            </button>`
          : nothing
      }
      ${
        this.open
          ? html`<audio
              controls
              preload="auto"
              src=${`${this.src}${fragment}`}
              aria-label="Passage from ${time}"
              @timeupdate=${this.onTime}
            ></audio>`
          : nothing
      }`;
  }
}
