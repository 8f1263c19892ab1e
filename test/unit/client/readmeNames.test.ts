/**
 * The README's first steps name buttons and links in bold: each name must be what the app shows,
 * or a researcher following the steps looks for a button that does not exist ("New project" when
 * the button says "Create project").
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

/** Every `.ts` file under `dir`, concatenated: the text the app can show. */
function sources(dir: string): string {
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) =>
      statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? readFileSync(path, 'utf8') : '',
    )
    .join('\n');
}

/** Bold phrases that are not names of the app's controls (a requirement, keys, a field's term). */
const NOT_UI = new Set(['qualitative coding', 'Node.js 20.19 or newer', '1–9', 'Ctrl+Z']);

describe('README first sections', () => {
  it('name every button, link and account exactly as the app shows it', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const firstSections = readme.split(/^## /m).slice(0, 3).join('## ');
    const names = [...firstSections.matchAll(/\*\*([^*]+)\*\*/g)]
      .map((m) => m[1]!)
      .filter((n) => !NOT_UI.has(n));
    expect(names).toContain('Create project');
    const app = sources(join(root, 'client', 'src')) + sources(join(root, 'server', 'demo'));
    // A label in the source sits between quotes, backticks or tags, not inside a longer word.
    const shown = (name: string) =>
      new RegExp(`[>'"\`]\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[<'"\`]`).test(app);
    expect(names.filter((n) => !shown(n))).toEqual([]);
  });
});
