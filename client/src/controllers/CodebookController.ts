/**
 * Binds a project's codebook room to a component: the codes as plain, validated data in tree
 * order, re-read whenever anyone changes the codebook, and the document to write changes into.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type * as Y from 'yjs';
import { readCodebook } from '../../../shared/model/codebook.ts';
import { roomName } from '../../../shared/protocol.ts';
import type { Code } from '../../../shared/schemas.ts';
import { withDistinctColors } from '../model/colors.ts';
import type { RoomHandle, RoomHub } from '../sync/RoomHub.ts';

export class CodebookController implements ReactiveController {
  private handle: RoomHandle | null = null;
  private hub: RoomHub | null = null;
  private projectId: string | null = null;
  private cached: Code[] | null = null;
  private shownCache: Code[] | null = null;
  /** Bumped on every change, so views can tell whether derived data is stale. */
  version = 0;
  private readonly onUpdate = () => {
    this.cached = null;
    this.shownCache = null;
    this.version++;
    this.host.requestUpdate();
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly inputs: () => { hub: RoomHub | null; projectId: string | null },
  ) {
    host.addController(this);
  }

  /** The codes in tree order (themes before their codes). */
  get codes(): Code[] {
    if (!this.handle) return [];
    this.cached ??= readCodebook(this.handle.doc).codes;
    return this.cached;
  }

  /**
   * The codes as views show them: sibling codes whose colours are too alike to tell apart get
   * distinct shades of their theme's family (`distinctCodeColors`). Edits use {@link codes}.
   */
  get shownCodes(): Code[] {
    this.shownCache ??= withDistinctColors(this.codes);
    return this.shownCache;
  }

  /** The codebook document, for edits; null until a project is set. */
  get doc(): Y.Doc | null {
    return this.handle?.doc ?? null;
  }

  get synced(): boolean {
    return this.handle?.synced ?? false;
  }

  hostUpdate(): void {
    const { hub, projectId } = this.inputs();
    if (hub === this.hub && projectId === this.projectId) return;
    this.close();
    this.hub = hub;
    this.projectId = projectId;
    if (!hub || !projectId) return;
    this.handle = hub.acquire(roomName.codebook(projectId));
    this.handle.doc.on('update', this.onUpdate);
    void this.handle.whenSynced.then(() => this.host.requestUpdate());
    this.cached = null;
    this.shownCache = null;
  }

  hostDisconnected(): void {
    this.close();
    this.hub = null;
    this.projectId = null;
  }

  private close(): void {
    this.handle?.doc.off('update', this.onUpdate);
    this.handle?.release();
    this.handle = null;
    this.cached = null;
    this.shownCache = null;
  }
}
