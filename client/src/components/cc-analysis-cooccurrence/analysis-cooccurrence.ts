import { CcAnalysisCooccurrence } from './analysis-cooccurrence.component.ts';

export { CcAnalysisCooccurrence };
customElements.define('cc-analysis-cooccurrence', CcAnalysisCooccurrence);

declare global {
  interface HTMLElementTagNameMap {
    'cc-analysis-cooccurrence': CcAnalysisCooccurrence;
  }
}
