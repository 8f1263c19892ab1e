import { LitElement, html } from 'lit';
import type { RoomHub } from '../../sync/RoomHub.ts';
import { HubStatusController } from '../../controllers/HubStatusController.ts';
import styles from './sync-indicator.styles.ts';

/**
 * The connection and sync indicator: green when every open room is connected and synced, amber
 * while syncing, red when offline (with a note that changes are kept in this browser).
 *
 * @attr level - `idle`, `synced`, `syncing` or `offline`, reflected for styling and tests.
 */
export class CcSyncIndicator extends LitElement {
  static override styles = styles;
  static override properties = { hub: { attribute: false } };
  declare hub: RoomHub | null;
  private readonly status = new HubStatusController(this, () => this.hub);

  constructor() {
    super();
    this.hub = null;
  }

  override updated(): void {
    this.setAttribute('level', this.status.summary.level);
  }

  override render() {
    const summary = this.status.summary;
    return html`<span class="dot" aria-hidden="true"></span>
      <span role="status" aria-live="polite" data-testid="sync-status">${summary.label}</span>`;
  }
}
