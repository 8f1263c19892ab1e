import { CcMyDocuments } from './my-documents.component.ts';

export { CcMyDocuments };
customElements.define('cc-my-documents', CcMyDocuments);

declare global {
  interface HTMLElementTagNameMap {
    'cc-my-documents': CcMyDocuments;
  }
}
