import { CcRoundsPage } from './rounds-page.component.ts';

export { CcRoundsPage };
customElements.define('cc-rounds-page', CcRoundsPage);

declare global {
  interface HTMLElementTagNameMap {
    'cc-rounds-page': CcRoundsPage;
  }
}
