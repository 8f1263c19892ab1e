import { CcMembersPage } from './members-page.component.ts';

export { CcMembersPage };
customElements.define('cc-members-page', CcMembersPage);

declare global {
  interface HTMLElementTagNameMap {
    'cc-members-page': CcMembersPage;
  }
}
