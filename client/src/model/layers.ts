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
  /** The recode layer the user writes while recoding: listed even while empty, like a coder's. */
  recoding?: string | null;
}

/**
 * The layers to list, in the given order: the consensus, every coder's, and anyone else's only
 * once it holds codings or a done mark. Owners, reviewers and viewers who never coded are members,
 * not layers: listing them would read as coders who found nothing to code. The recode layer of
 * a user recoding is listed too: it is where their codings go.
 */
export function listedLayers(layers: readonly string[], facts: LayerFacts): string[] {
  return layers.filter(
    (layer) =>
      layer === CONSENSUS ||
      layer === facts.recoding ||
      facts.roles.get(layer) === 'coder' ||
      (facts.codings.get(layer) ?? 0) > 0 ||
      facts.done(layer),
  );
}
