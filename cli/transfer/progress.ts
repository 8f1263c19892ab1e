import type { CliIo } from '../io.ts';

const WIDTH = 24;

/** Bytes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A progress bar over bytes on stderr. */
export interface ByteProgress {
  /** Adds transferred bytes. */
  advance(bytes: number): void;
  /** Clears the bar. */
  finish(): void;
}

/**
 * A byte progress bar, drawn on stderr only when it is a terminal (logs and pipes stay clean).
 * `total` is null when the size is not known in advance.
 */
export function byteProgress(io: CliIo, label: string, total: number | null): ByteProgress {
  const stderr = io.stderr;
  if (!stderr.isTTY) return { advance: () => undefined, finish: () => undefined };
  let done = 0;
  let shown = '';
  const draw = () => {
    let line: string;
    if (total !== null && total > 0) {
      const share = Math.min(1, done / total);
      const filled = Math.round(WIDTH * share);
      line = `${label} ${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)} ${Math.floor(share * 100)}% ${formatBytes(done)} of ${formatBytes(total)}`;
    } else {
      line = `${label} ${formatBytes(done)}`;
    }
    if (line !== shown) stderr.write(`\r\x1b[K${line}`);
    shown = line;
  };
  draw();
  return {
    advance(bytes) {
      done += bytes;
      draw();
    },
    finish() {
      stderr.write('\r\x1b[K');
    },
  };
}
