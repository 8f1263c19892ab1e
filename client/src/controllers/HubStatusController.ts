/** Re-renders its host when the rooms' connection or sync state changes, or the browser goes offline. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RoomHub } from '../sync/RoomHub.ts';
import type { SyncSummary } from '../sync/syncSummary.ts';

export class HubStatusController implements ReactiveController {
  private hub: RoomHub | null = null;
  private readonly onChange = () => this.host.requestUpdate();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getHub: () => RoomHub | null,
  ) {
    host.addController(this);
  }

  /** The current summary; offline as soon as the browser says so, before sockets notice. */
  get summary(): SyncSummary {
    const summary = this.hub?.summary() ?? {
      level: 'idle',
      rooms: 0,
      pendingRooms: 0,
      unsent: 0,
      label: 'Online',
    };
    if (typeof navigator !== 'undefined' && !navigator.onLine && summary.level !== 'offline') {
      const label = summary.unsent > 0 ? 'Offline — unsaved edits kept in this browser' : 'Offline';
      return { ...summary, level: 'offline', label };
    }
    return summary;
  }

  hostConnected(): void {
    window.addEventListener('online', this.onChange);
    window.addEventListener('offline', this.onChange);
  }

  hostUpdate(): void {
    const hub = this.getHub();
    if (hub === this.hub) return;
    this.hub?.removeEventListener('change', this.onChange);
    this.hub = hub;
    this.hub?.addEventListener('change', this.onChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.onChange);
    window.removeEventListener('offline', this.onChange);
    this.hub?.removeEventListener('change', this.onChange);
    this.hub = null;
  }
}
