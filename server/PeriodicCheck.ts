/**
 * A check run every `intervalMs` and on demand, never two at once: a call while one is running
 * shares it. The timer does not keep the process alive. Errors are the check's own to handle.
 */
export class PeriodicCheck {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly run: () => Promise<void>,
    /** Time between checks, in milliseconds. */
    private readonly intervalMs: number,
  ) {}

  /** Checks every `intervalMs` from now on. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a check in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs one check now (one in progress is shared, not doubled). */
  check(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}
