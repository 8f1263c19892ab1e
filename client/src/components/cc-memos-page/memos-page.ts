import { CcMemosPage } from './memos-page.component.ts';

export { CcMemosPage };
customElements.define('cc-memos-page', CcMemosPage);

declare global {
  interface HTMLElementTagNameMap {
    'cc-memos-page': CcMemosPage;
  }
}
