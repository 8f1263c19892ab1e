/** REFI colours are `#RGB` or `#RRGGBB`; Concord keeps `#rrggbb`. */
export function normalizeColor(value: string | undefined): string | null {
  const v = value?.trim() ?? '';
  if (/^#[0-9a-fA-F]{6}$/.test(v)) return v.toLowerCase();
  if (/^#[0-9a-fA-F]{3}$/.test(v)) return `#${[...v.slice(1)].map((c) => c + c).join('')}`.toLowerCase();
  return null;
}
