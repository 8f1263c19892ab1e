/** The app's custom events: typed, bubbling and composed, so they cross shadow roots. */

export interface NavigateDetail {
  /** Path and query within the app. */
  url: string;
  /** Replace the current history entry instead of adding one. */
  replace?: boolean;
}

/** Asks the app to show another page. */
export function navigateEvent(url: string, replace = false): CustomEvent<NavigateDetail> {
  return new CustomEvent('cc-navigate', { detail: { url, replace }, bubbles: true, composed: true });
}

declare global {
  interface HTMLElementEventMap {
    'cc-navigate': CustomEvent<NavigateDetail>;
  }
}
