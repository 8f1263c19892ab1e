import { CcAnalysisRetrieve } from './analysis-retrieve.component.ts';

export { CcAnalysisRetrieve };
customElements.define('cc-analysis-retrieve', CcAnalysisRetrieve);

declare global {
  interface HTMLElementTagNameMap {
    'cc-analysis-retrieve': CcAnalysisRetrieve;
  }
}
