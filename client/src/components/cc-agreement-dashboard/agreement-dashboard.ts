import { CcAgreementDashboard } from './agreement-dashboard.component.ts';

export { CcAgreementDashboard };
customElements.define('cc-agreement-dashboard', CcAgreementDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'cc-agreement-dashboard': CcAgreementDashboard;
  }
}
