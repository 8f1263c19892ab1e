import { CcRoundStatus } from './round-status.component.ts';

export { CcRoundStatus };
customElements.define('cc-round-status', CcRoundStatus);

declare global {
  interface HTMLElementTagNameMap {
    'cc-round-status': CcRoundStatus;
  }
}
