import { CcHelp } from './help.component.ts';

export { CcHelp };
customElements.define('cc-help', CcHelp);

declare global {
  interface HTMLElementTagNameMap {
    'cc-help': CcHelp;
  }
}
