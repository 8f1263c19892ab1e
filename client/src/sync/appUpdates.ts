/**
 * Registers the service worker that keeps the app shell for offline starts (built by
 * vite-plugin-pwa, see `client/vite.config.ts`) and reports when a new version of the app is
 * waiting. The new version takes over only when the user asks (`activate`), never in the middle
 * of an edit.
 */
import { Workbox } from 'workbox-window';

/** What `watchAppUpdates` returns. */
export interface AppUpdates {
  /** Switches to the waiting version and reloads the page once it controls it. */
  activate(): void;
}

/**
 * Starts the service worker where the browser has them (Vite's development server has none to
 * give: registering then only warns) and calls `onWaiting` when a new version is ready.
 */
export function watchAppUpdates(onWaiting: () => void): AppUpdates | null {
  if (!('serviceWorker' in navigator)) return null;
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => onWaiting());
  wb.register().catch((err: unknown) => console.warn('the offline copy of the app is unavailable', err));
  return {
    activate() {
      wb.addEventListener('controlling', () => location.reload());
      wb.messageSkipWaiting();
    },
  };
}

/** Cache of API answers the service worker keeps for offline starts (see `client/vite.config.ts`). */
export const API_CACHE = 'concord-api';

/** Deletes the kept API answers (on sign-out: they belong to the user who leaves). */
export async function forgetCachedAnswers(): Promise<void> {
  if (typeof caches === 'undefined') return;
  await caches.delete(API_CACHE);
}
