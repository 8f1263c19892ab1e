/**
 * How the end-to-end suites and the browser benchmarks launch Chromium: the system's own
 * (Debian's `chromium`; never a downloaded one), headless, with what it would fetch or sync on its
 * own turned off, so nothing but the page under test runs.
 */

/** Chromium's path: `CHROMIUM_PATH`, else Debian's. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags Chromium is launched with. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
];
