import { CcSecret } from './secret.component.ts';

export { CcSecret };
customElements.define('cc-secret', CcSecret);

declare global {
  interface HTMLElementTagNameMap {
    'cc-secret': CcSecret;
  }
}
