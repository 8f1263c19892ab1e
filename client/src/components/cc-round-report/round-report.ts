import { CcRoundReport } from './round-report.component.ts';

export { CcRoundReport };
customElements.define('cc-round-report', CcRoundReport);

declare global {
  interface HTMLElementTagNameMap {
    'cc-round-report': CcRoundReport;
  }
}
