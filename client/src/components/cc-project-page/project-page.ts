import { CcProjectPage } from './project-page.component.ts';

export { CcProjectPage };
customElements.define('cc-project-page', CcProjectPage);

declare global {
  interface HTMLElementTagNameMap {
    'cc-project-page': CcProjectPage;
  }
}
