/** REFI-QDA GUIDs: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, optionally in braces, any case. */
const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** The GUID in one canonical form (lower case, no braces), or null when it is not a GUID. */
export function normalizeGuid(value: string | undefined): string | null {
  const match = value === undefined ? null : GUID.exec(value.trim());
  return match ? match[1]!.toLowerCase() : null;
}

/** Whether a value is a GUID in canonical form, so an id can serve as its own GUID on export. */
export function isCanonicalGuid(value: string): boolean {
  return normalizeGuid(value) === value;
}
