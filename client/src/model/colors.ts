/** Colours: code colours as translucent highlights, and a stable colour per person. Pure. */

/** `#rrggbb` with an alpha, as `rgba(…)`; an unreadable colour falls back to grey. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return `rgba(128, 128, 128, ${alpha})`;
  return `rgba(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)}, ${alpha})`;
}

/** sRGB channels (0–1) of an HSL colour (hue in degrees, saturation and lightness in %). */
function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const s = saturation / 100;
  const l = lightness / 100;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0), f(8), f(4)];
}

/** WCAG 2 relative luminance (0–1) of an HSL colour. */
export function hslLuminance(hue: number, saturation: number, lightness: number): number {
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = hslToRgb(hue, saturation, lightness);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio of white on an HSL colour. */
export function whiteContrast(hue: number, saturation: number, lightness: number): number {
  return 1.05 / (hslLuminance(hue, saturation, lightness) + 0.05);
}

/**
 * A person's colour, derived from their id so it is the same on every screen. White initials sit
 * on it and it draws a caret on white, so it is darkened until white on it reaches 4.5:1 (WCAG
 * AA): one lightness for every hue would leave yellows and greens too light.
 */
export function personColor(id: string): { color: string; light: string } {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  const hue = (hash >>> 0) % 360;
  let lightness = 32;
  while (whiteContrast(hue, 70, lightness) < 4.5) lightness -= 1;
  return { color: `hsl(${hue}, 70%, ${lightness}%)`, light: `hsla(${hue}, 70%, 45%, 0.22)` };
}

/** Initials for an avatar. */
export function initials(name: string): string {
  const parts = name.split(/\s+/).filter((p) => /^\p{L}/u.test(p));
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? parts[parts.length - 1]![0]! : '')).toUpperCase();
}

/** A colour in CIE L*a*b* (D65). */
export interface Lab {
  L: number;
  a: number;
  b: number;
}

/** `#rrggbb` (sRGB) in CIE L*a*b*; null when unreadable. */
export function hexToLab(hex: string): Lab | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return null;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  // sRGB → XYZ (D65), relative to the white point.
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const [fx, fy, fz] = [f(x), f(y), f(z)];
  return { L: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
}

/**
 * CIEDE2000 colour difference (Sharma, Wu & Dalal 2005, Color Res. Appl. 30:21): about 1 is
 * the smallest difference people notice side by side; at 20 or more two colours read as different.
 */
export function deltaE2000(x: Lab, y: Lab): number {
  const rad = Math.PI / 180;
  const C1 = Math.hypot(x.a, x.b);
  const C2 = Math.hypot(y.a, y.b);
  const Cbar7 = ((C1 + C2) / 2) ** 7;
  const G = 0.5 * (1 - Math.sqrt(Cbar7 / (Cbar7 + 25 ** 7)));
  const a1 = (1 + G) * x.a;
  const a2 = (1 + G) * y.a;
  const c1 = Math.hypot(a1, x.b);
  const c2 = Math.hypot(a2, y.b);
  const hue = (b: number, a: number) => {
    if (a === 0 && b === 0) return 0;
    const h = Math.atan2(b, a) / rad;
    return h < 0 ? h + 360 : h;
  };
  const h1 = hue(x.b, a1);
  const h2 = hue(y.b, a2);
  const dL = y.L - x.L;
  const dC = c2 - c1;
  let dh = 0;
  if (c1 * c2 !== 0) {
    dh = h2 - h1;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dH = 2 * Math.sqrt(c1 * c2) * Math.sin((dh / 2) * rad);
  const Lbar = (x.L + y.L) / 2;
  const cbar = (c1 + c2) / 2;
  let hbar = h1 + h2;
  if (c1 * c2 !== 0) {
    if (Math.abs(h1 - h2) > 180) hbar += h1 + h2 < 360 ? 360 : -360;
    hbar /= 2;
  }
  const T =
    1 -
    0.17 * Math.cos((hbar - 30) * rad) +
    0.24 * Math.cos(2 * hbar * rad) +
    0.32 * Math.cos((3 * hbar + 6) * rad) -
    0.2 * Math.cos((4 * hbar - 63) * rad);
  const dTheta = 30 * Math.exp(-(((hbar - 275) / 25) ** 2));
  const cbar7 = cbar ** 7;
  const Rc = 2 * Math.sqrt(cbar7 / (cbar7 + 25 ** 7));
  const Sl = 1 + (0.015 * (Lbar - 50) ** 2) / Math.sqrt(20 + (Lbar - 50) ** 2);
  const Sc = 1 + 0.045 * cbar;
  const Sh = 1 + 0.015 * cbar * T;
  const Rt = -Math.sin(2 * dTheta * rad) * Rc;
  return Math.sqrt((dL / Sl) ** 2 + (dC / Sc) ** 2 + (dH / Sh) ** 2 + Rt * (dC / Sc) * (dH / Sh));
}

/** Sibling codes closer than this (CIEDE2000) are shown in colours set further apart. */
export const MIN_SIBLING_DELTA_E = 20;

/** `hsl(h, s%, l%)` as `#rrggbb`. */
export function hslToHex(h: number, s: number, l: number): string {
  const sat = s / 100;
  const light = l / 100;
  const k = (n: number) => (n + h / 30) % 12;
  const a = sat * Math.min(light, 1 - light);
  const channel = (n: number) => {
    const v = light - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** The hue (0–360°) of `#rrggbb`, or 0. */
function hueOf(hex: string): number {
  const lab = hexToLab(hex);
  if (!lab) return 0;
  // Start from the HSL hue of the colour: the family the researcher chose.
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)!;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

/**
 * Colours in the family of `base` (hues within ±72°, three lightnesses, all dark or light enough
 * for a tinted highlight and a margin stripe), nearest the base hue first.
 */
function familyCandidates(base: string): string[] {
  const hue = hueOf(base);
  const out: string[] = [];
  for (const step of [0, -1, 1, -2, 2, -3, 3, -4, 4]) {
    for (const light of [42, 30, 56]) out.push(hslToHex((hue + step * 18 + 360) % 360, 68, light));
  }
  return out;
}

/**
 * The colours to show codes in, so codes under one theme are told apart at a glance. Siblings
 * (codes with the same parent) whose own colours are at least {@link MIN_SIBLING_DELTA_E} apart
 * keep them. Otherwise each sibling, in order, keeps its colour if it stands apart from those
 * already placed, else takes the colour of the theme's family (the parent's hue, or the first
 * sibling's) that is furthest from them. Deterministic: every screen shows the same colours.
 *
 * @returns colour (`#rrggbb`) by code id, for every code.
 */
export function distinctCodeColors(
  codes: readonly { id: string; parentId: string | null; color: string }[],
): Map<string, string> {
  const out = new Map(codes.map((c) => [c.id, c.color]));
  const byId = new Map(codes.map((c) => [c.id, c]));
  const groups = new Map<string | null, { id: string; color: string }[]>();
  for (const code of codes) {
    const parent = code.parentId !== null && byId.has(code.parentId) ? code.parentId : null;
    const group = groups.get(parent) ?? [];
    group.push(code);
    groups.set(parent, group);
  }
  for (const [parent, siblings] of groups) {
    if (siblings.length < 2) continue;
    const labs = siblings.map((s) => hexToLab(s.color));
    const apart = labs.every((x, i) =>
      labs.every((y, j) => j <= i || (x !== null && y !== null && deltaE2000(x, y) >= MIN_SIBLING_DELTA_E)),
    );
    if (apart) continue;
    const base = (parent !== null ? byId.get(parent)?.color : undefined) ?? siblings[0]!.color;
    const candidates = familyCandidates(base).map((hex) => ({ hex, lab: hexToLab(hex)! }));
    const placed: Lab[] = [];
    const nearest = (lab: Lab) => Math.min(...placed.map((p) => deltaE2000(p, lab)));
    siblings.forEach((sibling, i) => {
      const own = labs[i];
      if (own && (placed.length === 0 || nearest(own) >= MIN_SIBLING_DELTA_E)) {
        placed.push(own);
        return;
      }
      // The candidate nearest the base hue that stands apart from every colour placed; failing
      // that (many siblings), the one furthest from them.
      let best = candidates[0]!;
      let bestDistance = -1;
      for (const c of candidates) {
        const d = nearest(c.lab);
        if (d >= MIN_SIBLING_DELTA_E) {
          best = c;
          break;
        }
        if (d > bestDistance) {
          best = c;
          bestDistance = d;
        }
      }
      out.set(sibling.id, best.hex);
      placed.push(best.lab);
    });
  }
  return out;
}

/** The codes with the colours {@link distinctCodeColors} shows them in (the same objects when unchanged). */
export function withDistinctColors<T extends { id: string; parentId: string | null; color: string }>(
  codes: readonly T[],
): T[] {
  const colors = distinctCodeColors(codes);
  return codes.map((c) => {
    const color = colors.get(c.id) ?? c.color;
    return color === c.color ? c : { ...c, color };
  });
}

/** Colours offered to new codes first: distinct, and dark enough for stripes on white. */
export const NEW_CODE_COLORS: readonly string[] = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
];

/**
 * The colour for a new code under `parentId` (`null`: a new theme): the first of `palette` that
 * stands at least {@link MIN_SIBLING_DELTA_E} apart from every sibling as shown (see
 * {@link distinctCodeColors}); when none does (many siblings), the colour of the palette or of a
 * 24-step hue wheel furthest from them. Picking by position in the whole codebook gave three codes
 * of one theme the same blue.
 *
 * @returns `#rrggbb`.
 */
export function newCodeColor(
  codes: readonly { id: string; parentId: string | null; color: string }[],
  parentId: string | null,
  palette: readonly string[] = NEW_CODE_COLORS,
): string {
  const shown = distinctCodeColors(codes);
  const siblings = codes
    .filter((c) => c.parentId === parentId)
    .map((c) => hexToLab(shown.get(c.id) ?? c.color))
    .filter((lab): lab is Lab => lab !== null);
  const wheel = Array.from({ length: 24 }, (_, i) => hslToHex(i * 15, 68, i % 2 === 0 ? 42 : 34));
  let best = palette[0] ?? wheel[0]!;
  let bestDistance = -1;
  for (const hex of [...palette, ...wheel]) {
    const lab = hexToLab(hex);
    if (!lab) continue;
    const nearest = Math.min(...siblings.map((s) => deltaE2000(s, lab)));
    if (nearest >= MIN_SIBLING_DELTA_E) return hex;
    if (nearest > bestDistance) {
      best = hex;
      bestDistance = nearest;
    }
  }
  return best;
}
