/**
 * Keeps a project's rounds (`GET /api/projects/:id/rounds`, readable by every member) for a view
 * that depends on them, re-read every few seconds while the page is visible, so a recode round
 * starting or closing reshapes the coding view without a reload.
 */
import type { ReactiveControllerHost } from 'lit';
import { RoundListSchema, type Round } from '../api/roundsSchemas.ts';
import { ProjectPolling, type ProjectInputs } from './ProjectPolling.ts';

export class RoundsController extends ProjectPolling {
  /** The rounds, oldest first; null until first read. */
  rounds: Round[] | null = null;

  /**
   * @param options.pollMs how often the rounds are read again, in milliseconds (default 5000).
   */
  constructor(host: ReactiveControllerHost, inputs: ProjectInputs, options: { pollMs?: number } = {}) {
    super(host, inputs, options.pollMs);
  }

  protected clear(): void {
    this.rounds = null;
  }

  /** Reads the rounds again; the host updates only when they changed. */
  override async reload(): Promise<void> {
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
}
