import { CcAnalysisMatrix } from './analysis-matrix.component.ts';

export { CcAnalysisMatrix };
customElements.define('cc-analysis-matrix', CcAnalysisMatrix);

declare global {
  interface HTMLElementTagNameMap {
    'cc-analysis-matrix': CcAnalysisMatrix;
  }
}
