import { CcSearchPage } from './search-page.component.ts';

export { CcSearchPage };
customElements.define('cc-search-page', CcSearchPage);

declare global {
  interface HTMLElementTagNameMap {
    'cc-search-page': CcSearchPage;
  }
}
