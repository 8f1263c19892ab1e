import { CcCodingView } from './coding-view.component.ts';

export { CcCodingView };
customElements.define('cc-coding-view', CcCodingView);

declare global {
  interface HTMLElementTagNameMap {
    'cc-coding-view': CcCodingView;
  }
}
