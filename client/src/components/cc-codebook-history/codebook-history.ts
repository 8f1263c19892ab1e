import { CcCodebookHistory } from './codebook-history.component.ts';

export { CcCodebookHistory };
customElements.define('cc-codebook-history', CcCodebookHistory);

declare global {
  interface HTMLElementTagNameMap {
    'cc-codebook-history': CcCodebookHistory;
  }
}
