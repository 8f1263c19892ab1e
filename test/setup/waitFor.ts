/**
 * Retried assertions (`vi.waitFor`) get a 10 s default instead of vitest's 1 s: the suites run real
 * servers, sockets and child processes on a two-core machine, where a busy moment can stretch an
 * event that normally takes milliseconds past one second. Explicit timeouts still win.
 */
import { vi } from 'vitest';

const waitFor = vi.waitFor.bind(vi);
type Options = Parameters<typeof vi.waitFor>[1];

vi.waitFor = ((callback: Parameters<typeof vi.waitFor>[0], options?: Options) =>
  waitFor(callback, {
    timeout: 10_000,
    interval: 25,
    ...(typeof options === 'number' ? { timeout: options } : options),
  })) as typeof vi.waitFor;
