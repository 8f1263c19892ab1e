import { CcTrajectory } from './trajectory.component.ts';

export { CcTrajectory };
customElements.define('cc-trajectory', CcTrajectory);

declare global {
  interface HTMLElementTagNameMap {
    'cc-trajectory': CcTrajectory;
  }
}
