/**
 * Preloaded (`node --import`) into a server process the benchmark starts with an IPC channel:
 * answers `{ type: CPU_REQUEST }` with the process's own `process.cpuUsage()` (user and system
 * microseconds of all its threads since it started), so the benchmark can take the process's CPU
 * time at the start and end of a load window. The channel is unreferenced so it never keeps the
 * process alive, and nothing else in the server changes.
 */
import { CPU_REQUEST } from '../cpuAccounting.ts';

if (process.send && process.channel) {
  process.on('message', (message: unknown) => {
    if ((message as { type?: unknown } | null)?.type !== CPU_REQUEST) return;
    process.send!({ type: CPU_REQUEST, usage: process.cpuUsage() });
  });
  process.channel.unref();
}
