/** Colours: code colours as translucent highlights, and a stable colour per person. Pure. */

/** `#rrggbb` with an alpha, as `rgba(…)`; an unreadable colour falls back to grey. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return `rgba(128, 128, 128, ${alpha})`;
  return `rgba(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)}, ${alpha})`;
}

/** A person's colour, derived from their id so it is the same on every screen. */
export function personColor(id: string): { color: string; light: string } {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  const hue = (hash >>> 0) % 360;
  // Dark enough for a caret and white initials on top (contrast ≥ 4.5:1).
  return { color: `hsl(${hue}, 70%, 32%)`, light: `hsla(${hue}, 70%, 45%, 0.22)` };
}

/** Initials for an avatar. */
export function initials(name: string): string {
  const parts = name.split(/\s+/).filter((p) => /^\p{L}/u.test(p));
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1]![0]! : '')).toUpperCase();
}
