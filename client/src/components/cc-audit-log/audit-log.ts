import { CcAuditLog } from './audit-log.component.ts';

export { CcAuditLog };
customElements.define('cc-audit-log', CcAuditLog);

declare global {
  interface HTMLElementTagNameMap {
    'cc-audit-log': CcAuditLog;
  }
}
