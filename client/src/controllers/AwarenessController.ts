/** Re-renders its host when presence in a room changes; lists the people there, once each. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Awareness } from 'y-protocols/awareness';
import { z } from 'zod';

/** Presence as the server stamps it: id and name are the signed-in identity. */
const PresenceSchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), color: z.string().optional() }),
});

export interface Present {
  id: string;
  name: string;
  color: string | null;
}

export class AwarenessController implements ReactiveController {
  private awareness: Awareness | null = null;
  private readonly onChange = () => this.host.requestUpdate();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getAwareness: () => Awareness | null,
  ) {
    host.addController(this);
  }

  /** Everyone present except this browser tab, one entry per person. */
  others(selfId: string | null): Present[] {
    const awareness = this.awareness;
    if (!awareness) return [];
    const people = new Map<string, Present>();
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === awareness.clientID) continue;
      const parsed = PresenceSchema.safeParse(state);
      if (!parsed.success || parsed.data.user.id === selfId) continue;
      const { id, name, color } = parsed.data.user;
      people.set(id, { id, name, color: color ?? null });
    }
    return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  hostUpdate(): void {
    const awareness = this.getAwareness();
    if (awareness === this.awareness) return;
    this.awareness?.off('change', this.onChange);
    this.awareness = awareness;
    this.awareness?.on('change', this.onChange);
  }

  hostDisconnected(): void {
    this.awareness?.off('change', this.onChange);
    this.awareness = null;
  }
}
