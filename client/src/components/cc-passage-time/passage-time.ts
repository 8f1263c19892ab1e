import { CcPassageTime } from './passage-time.component.ts';

export { CcPassageTime };
customElements.define('cc-passage-time', CcPassageTime);

declare global {
  interface HTMLElementTagNameMap {
    'cc-passage-time': CcPassageTime;
  }
}
