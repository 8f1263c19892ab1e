/**
 * Moving codes in the codebook tree: where a drop lands, and which codes' parent and order change.
 * Siblings are renumbered 0, 1, 2… so orders stay small and unique. Pure.
 */
import type { Code } from '../../../shared/schemas.ts';

/** Where a code goes: under `parentId` (null: top level), at `index` among its new siblings. */
export interface TreePlace {
  parentId: string | null;
  index: number;
}

/** One code's new parent and order. */
export interface CodeChange {
  id: string;
  parentId: string | null;
  order: number;
}

/** Children of a parent, in display order. */
export function childrenOf(codes: readonly Code[], parentId: string | null): Code[] {
  return codes
    .filter((c) => c.parentId === parentId)
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

/** Whether `ancestor` is `id` or above it in the tree. */
export function isWithin(codes: readonly Code[], id: string, ancestor: string): boolean {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const seen = new Set<string>();
  for (let c: string | null = id; c !== null && !seen.has(c); c = byId.get(c)?.parentId ?? null) {
    if (c === ancestor) return true;
    seen.add(c);
  }
  return false;
}

/** The changes that put `id` at `place`; empty when the move is impossible (into itself or its own codes). */
export function planMove(codes: readonly Code[], id: string, place: TreePlace): CodeChange[] {
  const moving = codes.find((c) => c.id === id);
  if (!moving) return [];
  if (place.parentId !== null && isWithin(codes, place.parentId, id)) return [];
  const siblings = childrenOf(codes, place.parentId).filter((c) => c.id !== id);
  const index = Math.min(Math.max(0, place.index), siblings.length);
  siblings.splice(index, 0, moving);
  const changes: CodeChange[] = [];
  siblings.forEach((c, order) => {
    const parentId = place.parentId;
    if (c.order !== order || c.parentId !== parentId) changes.push({ id: c.id, parentId, order });
  });
  // The old siblings close the gap.
  if (moving.parentId !== place.parentId) {
    childrenOf(codes, moving.parentId)
      .filter((c) => c.id !== id)
      .forEach((c, order) => {
        if (c.order !== order) changes.push({ id: c.id, parentId: c.parentId, order });
      });
  }
  return changes;
}

/** Where dropping onto `targetId` puts a code: before it, after it, or inside it (last child). */
export function dropPlace(
  codes: readonly Code[],
  targetId: string,
  position: 'before' | 'after' | 'inside',
): TreePlace | null {
  const target = codes.find((c) => c.id === targetId);
  if (!target) return null;
  if (position === 'inside') return { parentId: target.id, index: childrenOf(codes, target.id).length };
  const siblings = childrenOf(codes, target.parentId);
  const at = siblings.findIndex((c) => c.id === targetId);
  return { parentId: target.parentId, index: position === 'before' ? at : at + 1 };
}

/** Keyboard moves: up and down among siblings, indent under the previous sibling, outdent after the parent. */
export function keyboardPlace(
  codes: readonly Code[],
  id: string,
  move: 'up' | 'down' | 'indent' | 'outdent',
): TreePlace | null {
  const code = codes.find((c) => c.id === id);
  if (!code) return null;
  const siblings = childrenOf(codes, code.parentId);
  const at = siblings.findIndex((c) => c.id === id);
  switch (move) {
    case 'up':
      return at > 0 ? { parentId: code.parentId, index: at - 1 } : null;
    case 'down':
      return at < siblings.length - 1 ? { parentId: code.parentId, index: at + 1 } : null;
    case 'indent': {
      const previous = siblings[at - 1];
      return previous ? { parentId: previous.id, index: childrenOf(codes, previous.id).length } : null;
    }
    case 'outdent': {
      if (code.parentId === null) return null;
      const parent = codes.find((c) => c.id === code.parentId);
      if (!parent) return { parentId: null, index: 0 };
      const parentAt = childrenOf(codes, parent.parentId).findIndex((c) => c.id === parent.id);
      return { parentId: parent.parentId, index: parentAt + 1 };
    }
  }
}
