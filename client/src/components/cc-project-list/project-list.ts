import { CcProjectList } from './project-list.component.ts';

export { CcProjectList };
customElements.define('cc-project-list', CcProjectList);

declare global {
  interface HTMLElementTagNameMap {
    'cc-project-list': CcProjectList;
  }
}
