/**
 * At most `size` tasks at once; the others wait their turn in the order they came. Reading a PDF
 * takes a worker thread with up to 1 GiB of heap (pdf.ts), so the import service reads only a few
 * at a time however many uploads arrive together: memory stays bounded and the server's two cores
 * stay free for sync.
 */
export class TaskGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** @param size most tasks running at once (≥ 1) */
  constructor(private readonly size: number) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError('a gate lets at least one task through');
  }

  /** Tasks running now and waiting. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `task` once fewer than `size` run; resolves or rejects as it does. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiting task, so none can overtake it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
