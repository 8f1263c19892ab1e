import { CcPresence } from './presence.component.ts';

export { CcPresence };
customElements.define('cc-presence', CcPresence);

declare global {
  interface HTMLElementTagNameMap {
    'cc-presence': CcPresence;
  }
}
