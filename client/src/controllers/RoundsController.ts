/**
 * Keeps a project's rounds (`GET /api/projects/:id/rounds`, readable by every member) for a view
 * that depends on them, re-read every few seconds while the page is visible, so a recode round
 * starting or closing reshapes the coding view without a reload.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { RoundListSchema, type Round } from '../api/roundsSchemas.ts';
import type { AppContext } from '../context.ts';

export class RoundsController implements ReactiveController {
  /** The rounds, oldest first; null until first read. */
  rounds: Round[] | null = null;
  /** Why the rounds could not be read, until a read succeeds. */
  error: string | null = null;
  private key: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private generation = 0;

  /**
   * @param options.pollMs how often the rounds are read again, in milliseconds (default 5000).
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly inputs: () => { context: AppContext | null; projectId: string | null },
    private readonly options: { pollMs?: number } = {},
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const { context, projectId } = this.inputs();
    const key = context && projectId ? `${context.user.id}/${projectId}` : null;
    if (key === this.key) return;
    this.key = key;
    this.rounds = null;
    this.error = null;
    this.stop();
    if (!key) return;
    void this.reload();
    this.timer = setInterval(() => {
      if (!document.hidden) void this.reload();
    }, this.options.pollMs ?? 5000);
  }

  hostDisconnected(): void {
    this.stop();
    this.key = null;
  }

  /** Reads the rounds again; the host updates only when they changed. */
  async reload(): Promise<void> {
    const { context, projectId } = this.inputs();
    if (!context || !projectId) return;
    const generation = ++this.generation;
    try {
      const { rounds } = await context.api.get(`/api/projects/${projectId}/rounds`, RoundListSchema);
      if (generation !== this.generation) return;
      const changed = this.error !== null || JSON.stringify(rounds) !== JSON.stringify(this.rounds);
      this.error = null;
      if (!changed) return;
      this.rounds = rounds;
    } catch {
      if (generation !== this.generation) return;
      // Retried on the next tick; what was read before stays meanwhile.
      this.error = 'This project’s rounds could not be read; trying again.';
    }
    this.host.requestUpdate();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
