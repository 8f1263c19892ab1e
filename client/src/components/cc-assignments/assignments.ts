import { CcAssignments } from './assignments.component.ts';

export { CcAssignments };
customElements.define('cc-assignments', CcAssignments);

declare global {
  interface HTMLElementTagNameMap {
    'cc-assignments': CcAssignments;
  }
}
