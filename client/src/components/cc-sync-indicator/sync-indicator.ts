import { CcSyncIndicator } from './sync-indicator.component.ts';

export { CcSyncIndicator };
customElements.define('cc-sync-indicator', CcSyncIndicator);

declare global {
  interface HTMLElementTagNameMap {
    'cc-sync-indicator': CcSyncIndicator;
  }
}
