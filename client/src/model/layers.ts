/** Which layers the coding view lists. Pure. */
import { CONSENSUS } from '../../../shared/protocol.ts';
import type { Role } from '../../../shared/schemas.ts';

/** What decides whether a layer is worth listing. */
export interface LayerFacts {
  /** Project members' roles by user id. */
  roles: ReadonlyMap<string, Role>;
  /** Codings per layer (layers with none may be missing). */
  codings: ReadonlyMap<string, number>;
  /** Whether a layer is marked done. */
  done: (layer: string) => boolean;
  /** The layer the user writes (their own, or their recode layer): listed even while empty. */
  own?: string | null;
}

/**
 * The layers to list, in the given order: the consensus, every coder's, and anyone else's only
 * once it holds codings or a done mark. Owners, reviewers and viewers who never coded are members,
 * not layers: listing them would read as coders who found nothing to code. The user's own
 * layer is always listed: it is where their codings go.
 */
export function listedLayers(layers: readonly string[], facts: LayerFacts): string[] {
  return layers.filter(
    (layer) =>
      layer === CONSENSUS ||
      layer === facts.own ||
      facts.roles.get(layer) === 'coder' ||
      (facts.codings.get(layer) ?? 0) > 0 ||
      facts.done(layer),
  );
}
