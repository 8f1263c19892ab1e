import { CcCodebookPage } from './codebook-page.component.ts';

export { CcCodebookPage };
customElements.define('cc-codebook-page', CcCodebookPage);

declare global {
  interface HTMLElementTagNameMap {
    'cc-codebook-page': CcCodebookPage;
  }
}
