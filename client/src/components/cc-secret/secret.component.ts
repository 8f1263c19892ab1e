import { LitElement, html, nothing } from 'lit';
import styles from './secret.styles.ts';

/**
 * A value shown once (an invitation link, an API token, a new password) with a Copy button. When
 * the browser refuses the clipboard, the value stays selectable and the element says so.
 */
export class CcSecret extends LitElement {
  static override styles = styles;
  static override properties = {
    value: {},
    label: {},
    copied: { state: true },
    refused: { state: true },
  };
  /** The text to show and copy. */
  declare value: string;
  /** What the value is, for the Copy button's name to screen readers ("Copy the invitation link"). */
  declare label: string;
  declare copied: boolean;
  declare refused: boolean;

  constructor() {
    super();
    this.value = '';
    this.label = 'value';
    this.copied = false;
    this.refused = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('value')) {
      this.copied = false;
      this.refused = false;
    }
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.value);
      this.copied = true;
      this.refused = false;
    } catch {
      this.refused = true;
    }
  }

  override render() {
    return html`<div class="value">
        <code data-testid="secret-value">${this.value}</code>
        <button type="button" @click=${() => void this.copy()}>
          ${this.copied ? 'Copied' : 'Copy'}<span class="visually-hidden"> the ${this.label}</span>
        </button>
      </div>
      <p role="status" class=${this.refused ? 'error' : 'muted'}>
        ${
          this.refused
            ? 'The browser refused to copy: select the text and copy it yourself.'
            : this.copied
              ? 'Copied to the clipboard.'
              : nothing
        }
      </p>`;
  }
}
