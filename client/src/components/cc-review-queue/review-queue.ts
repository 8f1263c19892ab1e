import { CcReviewQueue } from './review-queue.component.ts';

export { CcReviewQueue };
customElements.define('cc-review-queue', CcReviewQueue);

declare global {
  interface HTMLElementTagNameMap {
    'cc-review-queue': CcReviewQueue;
  }
}
