/**
 * The common part of controllers that read a project's data for a view: when the signed-in user or
 * the project changes they drop what they held and read again, and while a project is open they
 * poll every `pollMs` while the page is visible, so changes made elsewhere (a round starting or
 * turning blind) reach the view without a reload. Polling stops when the host disconnects.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AppContext } from '../context.ts';

/** What the view shows: the app context (null while signed out) and the project's id. */
export type ProjectInputs = () => { context: AppContext | null; projectId: string | null };

export abstract class ProjectPolling implements ReactiveController {
  /** Why the data could not be read, until a read succeeds. */
  error: string | null = null;
  /** Counts reads, so an answer that a newer read overtook is dropped. */
  protected generation = 0;
  private key: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  /**
   * @param pollMs the polling interval in milliseconds (default 5000).
   */
  constructor(
    protected readonly host: ReactiveControllerHost,
    protected readonly inputs: ProjectInputs,
    private readonly pollMs = 5000,
  ) {
    host.addController(this);
  }

  /** Reads the data again and asks the host to update when it changed. */
  abstract reload(): Promise<void>;

  /** Drops what was read for the project shown before. */
  protected abstract clear(): void;

  /** One polling tick; by default a full {@link reload}. */
  protected poll(): void {
    void this.reload();
  }

  hostUpdate(): void {
    const { context, projectId } = this.inputs();
    const key = context && projectId ? `${context.user.id}/${projectId}` : null;
    if (key === this.key) return;
    this.key = key;
    this.clear();
    this.error = null;
    this.stop();
    if (!key) return;
    void this.reload();
    this.timer = setInterval(() => {
      if (!document.hidden) this.poll();
    }, this.pollMs);
  }

  hostDisconnected(): void {
    this.stop();
    this.key = null;
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
