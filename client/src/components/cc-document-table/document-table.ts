import { CcDocumentTable } from './document-table.component.ts';

export { CcDocumentTable };
customElements.define('cc-document-table', CcDocumentTable);

declare global {
  interface HTMLElementTagNameMap {
    'cc-document-table': CcDocumentTable;
  }
}
