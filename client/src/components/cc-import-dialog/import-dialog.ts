import {
  CcImportDialog,
  type ImportAddedDetail,
  type ImportClosedDetail,
} from './import-dialog.component.ts';

export { CcImportDialog };
customElements.define('cc-import-dialog', CcImportDialog);

declare global {
  interface HTMLElementTagNameMap {
    'cc-import-dialog': CcImportDialog;
  }
  interface HTMLElementEventMap {
    'cc-import-added': CustomEvent<ImportAddedDetail>;
    'cc-import-closed': CustomEvent<ImportClosedDetail>;
  }
}
