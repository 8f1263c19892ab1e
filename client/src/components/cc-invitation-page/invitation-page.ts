import { CcInvitationPage } from './invitation-page.component.ts';

export { CcInvitationPage };
customElements.define('cc-invitation-page', CcInvitationPage);

declare global {
  interface HTMLElementTagNameMap {
    'cc-invitation-page': CcInvitationPage;
  }
}
