import { CcCasePanel } from './case-panel.component.ts';

export { CcCasePanel };
customElements.define('cc-case-panel', CcCasePanel);

declare global {
  interface HTMLElementTagNameMap {
    'cc-case-panel': CcCasePanel;
  }
}
