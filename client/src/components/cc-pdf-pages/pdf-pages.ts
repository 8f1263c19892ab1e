import { CcPdfPages } from './pdf-pages.component.ts';

export { CcPdfPages };
customElements.define('cc-pdf-pages', CcPdfPages);

declare global {
  interface HTMLElementTagNameMap {
    'cc-pdf-pages': CcPdfPages;
  }
}
