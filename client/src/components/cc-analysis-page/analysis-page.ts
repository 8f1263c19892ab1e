import { CcAnalysisPage } from './analysis-page.component.ts';

export { CcAnalysisPage };
customElements.define('cc-analysis-page', CcAnalysisPage);

declare global {
  interface HTMLElementTagNameMap {
    'cc-analysis-page': CcAnalysisPage;
  }
}
