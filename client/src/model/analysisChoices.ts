/**
 * What the analysis page offers to choose from: the codebook as an indented outline (themes with
 * their codes), and the layers the signed-in user may read, named for people. Pure.
 */
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
 * The passage's citation as a paper prints it: document title, then the document's attributes that
 * name a source (participant, site) if it has any, then the position in code points.
 */
export function citation(
  passage: { documentTitle: string; start: number; end: number },
  attributes: Record<string, unknown> | undefined,
): string {
  const details = Object.entries(attributes ?? {})
    .filter(([, v]) => v !== '' && v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${String(v)}`);
  return [passage.documentTitle, ...details, `characters ${passage.start}–${passage.end}`].join(', ');
}
