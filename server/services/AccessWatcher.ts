/**
 * Learns access changes from the database, so no instance depends on a fan-out message to stop
 * showing what it must not: on a timer (the catch-up interval) and whenever the fan-out
 * reconnects, it reads the access version of every project it holds channels for and re-checks
 * those whose version moved, and it ends channels whose session or token no longer exists or has
 * expired (signed out, revoked, password changed through another instance, or simply timed out).
 */
import { PeriodicCheck } from '../PeriodicCheck.ts';
import type { Logger } from '../logger.ts';
import type { MetadataStore } from '../storage/Storage.ts';
import type { AccessService } from './AccessService.ts';

export interface AccessWatcherOptions {
  storage: Pick<MetadataStore, 'accessVersions' | 'liveCredentials'>;
  access: Pick<AccessService, 'openChannels' | 'recheck' | 'closeChannelsOf'>;
  now: () => Date;
  /** Time between checks, in milliseconds. */
  intervalMs: number;
  logger: Logger;
}

export class AccessWatcher {
  /** The access version each open project had when its channels were last checked. */
  private readonly checked = new Map<string, number | null>();
  private readonly periodic: PeriodicCheck;

  constructor(private readonly options: AccessWatcherOptions) {
    this.periodic = new PeriodicCheck(
      () =>
        this.run().catch((err: unknown) => {
          // Storage is down: nothing new can be admitted meanwhile, and the next check catches up.
          options.logger.debug({ err }, 'access check failed');
        }),
      options.intervalMs,
    );
  }

  /** Checks every `intervalMs`. */
  start(): void {
    this.periodic.start();
  }

  /** Stops the timer and waits for a check in progress. */
  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** Runs one check now (one in progress is shared, not doubled). */
  check(): Promise<void> {
    return this.periodic.check();
  }

  private async run(): Promise<void> {
    const { storage, access, now } = this.options;
    const open = access.openChannels();
    for (const projectId of this.checked.keys())
      if (!open.projectIds.has(projectId)) this.checked.delete(projectId);
    if (open.projectIds.size > 0) {
      const versions = await storage.accessVersions([...open.projectIds]);
      for (const projectId of open.projectIds) {
        // A project seen for the first time is checked too: its version before is unknown.
        const version = versions.get(projectId) ?? null;
        if (this.checked.has(projectId) && this.checked.get(projectId) === version) continue;
        await access.recheck(projectId);
        this.checked.set(projectId, version);
      }
    }
    if (open.credentialIds.size > 0) {
      const live = await storage.liveCredentials([...open.credentialIds], now().toISOString());
      const ended = new Set([...open.credentialIds].filter((id) => !live.has(id)));
      access.closeChannelsOf(ended, 'the session or token has ended');
    }
  }
}
