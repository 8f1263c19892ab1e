import type { CliIo } from '../io.ts';

/** Inputs smaller than this finish before a progress bar would be readable. */
const MIN_DOCUMENTS = 20;
const WIDTH = 24;

/**
 * A progress bar on stderr, drawn only when stderr is a terminal (piped output and logs stay
 * clean). Returns the callback to feed and a function that clears the line.
 */
export function progressBar(
  io: CliIo,
  total: number,
): { update: (done: number) => void; finish: () => void } {
  const stderr = io.stderr;
  if (!stderr.isTTY || total < MIN_DOCUMENTS) return { update: () => undefined, finish: () => undefined };
  let shown = -1;
  return {
    update(done) {
      const percent = Math.floor((100 * done) / total);
      if (percent === shown) return;
      shown = percent;
      const filled = Math.round((WIDTH * done) / total);
      stderr.write(
        `\ragreement: ${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)} ${done}/${total} documents`,
      );
    },
    finish() {
      if (shown >= 0) stderr.write('\r\x1b[K');
    },
  };
}
