/** Gives a component a live `CodingSession` for a document, and re-renders it on every change. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CodingSession } from '../coding/CodingSession.ts';
import type { RoomHub } from '../sync/RoomHub.ts';

export class CodingSessionController implements ReactiveController {
  session: CodingSession | null = null;
  private hub: RoomHub | null = null;
  private documentId: string | null = null;
  private readonly onChange = () => this.host.requestUpdate();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly inputs: () => { hub: RoomHub | null; documentId: string | null },
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const { hub, documentId } = this.inputs();
    if (hub === this.hub && documentId === this.documentId) return;
    this.close();
    this.hub = hub;
    this.documentId = documentId;
    if (!hub || !documentId) return;
    this.session = new CodingSession(hub, documentId);
    this.session.addEventListener('change', this.onChange);
    void this.session.text.whenSynced.then(this.onChange);
    void this.session.text.whenLoaded.then(this.onChange);
  }

  hostDisconnected(): void {
    this.close();
    this.hub = null;
    this.documentId = null;
  }

  private close(): void {
    this.session?.removeEventListener('change', this.onChange);
    this.session?.destroy();
    this.session = null;
  }
}
