/**
 * What the analysis page offers to choose from: the codebook as an indented outline (themes with
 * their codes), and the layers the signed-in user may read, named for people. Pure.
 */
import { citationText } from '../../../shared/model/citations.ts';
import { CONSENSUS } from '../../../shared/protocol.ts';
import type { Code } from '../../../shared/schemas.ts';
import { childrenOf } from './codeTree.ts';

/** One line of the outline: a code and how deep it sits (0: top level). */
export interface OutlineEntry {
  code: Code;
  depth: number;
  /** Whether it holds other codes (a theme, or a code with sub-codes). */
  hasChildren: boolean;
}

/** The codebook in tree order, depth first, each code with its depth. Codes in a cycle are left out. */
export function codeOutline(codes: readonly Code[]): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  const seen = new Set<string>();
  const walk = (parentId: string | null, depth: number) => {
    for (const code of childrenOf(codes, parentId)) {
      if (seen.has(code.id)) continue;
      seen.add(code.id);
      const hasChildren = codes.some((c) => c.parentId === code.id);
      out.push({ code, depth, hasChildren });
      walk(code.id, depth + 1);
    }
  };
  walk(null, 0);
  // Codes whose parent is gone still show, at the top level.
  for (const code of codes)
    if (!seen.has(code.id) && !codes.some((c) => c.id === code.parentId)) {
      seen.add(code.id);
      out.push({ code, depth: 0, hasChildren: codes.some((c) => c.parentId === code.id) });
    }
  return out;
}

/** A layer the user may pick: a coder or the consensus. */
export interface LayerChoice {
  id: string;
  label: string;
}

/**
 * The layers to offer, from those the user may read (`visible`, as `visibleLayers` gives them).
 * Coders are named; the user's own layer is "Your coding"; the consensus is "Consensus". In a blind
 * round `visible` holds only the user's own layer, so that is all that is offered.
 */
export function layerChoices(
  visible: readonly string[],
  userId: string,
  members: readonly { userId: string; name: string }[],
): LayerChoice[] {
  const name = (id: string) => members.find((m) => m.userId === id)?.name ?? id;
  const coders = visible
    .filter((id) => id !== CONSENSUS)
    .map((id) => ({ id, label: id === userId ? 'Your coding' : name(id) }))
    .sort((a, b) => (a.id === userId ? -1 : b.id === userId ? 1 : a.label.localeCompare(b.label)));
  return visible.includes(CONSENSUS) ? [...coders, { id: CONSENSUS, label: 'Consensus' }] : coders;
}

/** The name of a layer for headings and passages ("Consensus", a coder's name, or "You"). */
export function layerName(
  layer: string,
  userId: string,
  members: readonly { userId: string; name: string }[],
): string {
  if (layer === CONSENSUS) return 'Consensus';
  const name = members.find((m) => m.userId === layer)?.name ?? 'Former member';
  return layer === userId ? `${name} (you)` : name;
}

/**
 * The passage's citation as the exports print it — "(document, ¶n, speaker)", the number the
 * coding view's margin shows — so what a researcher copies from the screen matches the files.
 */
export function citation(passage: {
  documentTitle: string;
  paragraph?: number | undefined;
  speaker?: string | null | undefined;
}): string {
  return `(${citationText(passage.documentTitle, passage.paragraph ?? 0, passage.speaker ?? null)})`;
}

/**
 * The layers worth offering: those holding codings (`coded`, layer keys; null while not yet
 * known, when every layer is offered) and the user's own, which is where their coding would go.
 * A member who never coded (an owner, a supervisor) is not a coder with nothing to show.
 */
export function layersWithCodings(
  layers: readonly LayerChoice[],
  coded: ReadonlySet<string> | null,
  userId: string,
): LayerChoice[] {
  return coded ? layers.filter((l) => l.id === userId || coded.has(l.id)) : [...layers];
}

/**
 * The one layer co-occurrence and the matrix show: `chosen` while offered; else the user's own
 * when it holds codings; else the first offered that does (a supervisor who codes nothing sees a
 * coder's work, not an empty table); else the user's own, else the first.
 */
export function pickLayer(
  chosen: string,
  offered: readonly LayerChoice[],
  coded: ReadonlySet<string> | null,
  userId: string,
): string {
  if (offered.some((l) => l.id === chosen)) return chosen;
  const own = offered.find((l) => l.id === userId);
  if (own && (coded === null || coded.has(own.id))) return own.id;
  const withCodings = coded ? offered.find((l) => coded.has(l.id)) : undefined;
  return (withCodings ?? own ?? offered[0])?.id ?? '';
}
