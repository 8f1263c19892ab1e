import { CcLogin } from './login.component.ts';

export { CcLogin };
customElements.define('cc-login', CcLogin);

declare global {
  interface HTMLElementTagNameMap {
    'cc-login': CcLogin;
  }
}
