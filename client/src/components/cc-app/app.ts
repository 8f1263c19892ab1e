import { CcApp } from './app.component.ts';

export { CcApp };
customElements.define('cc-app', CcApp);

declare global {
  interface HTMLElementTagNameMap {
    'cc-app': CcApp;
  }
}
