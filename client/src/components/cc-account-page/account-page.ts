import { CcAccountPage } from './account-page.component.ts';

export { CcAccountPage };
customElements.define('cc-account-page', CcAccountPage);

declare global {
  interface HTMLElementTagNameMap {
    'cc-account-page': CcAccountPage;
  }
}
