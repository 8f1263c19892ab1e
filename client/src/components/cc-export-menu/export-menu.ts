import { CcExportMenu } from './export-menu.component.ts';

export { CcExportMenu };
customElements.define('cc-export-menu', CcExportMenu);

declare global {
  interface HTMLElementTagNameMap {
    'cc-export-menu': CcExportMenu;
  }
}
