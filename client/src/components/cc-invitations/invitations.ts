import { CcInvitations } from './invitations.component.ts';

export { CcInvitations };
customElements.define('cc-invitations', CcInvitations);

declare global {
  interface HTMLElementTagNameMap {
    'cc-invitations': CcInvitations;
  }
}
