/**
 * REFI-QDA codebooks: the `<Codes>` tree shared by projects (`project.qde`) and codebook files
 * (`.qdc`, root `<CodeBook xmlns="urn:QDA-XML:codebook:1.0">`).
 */
import { AppError } from '../../errors.ts';
import { DEFAULT_CODE_COLORS, type PortableCode } from '../portable.ts';
import type { Warnings } from '../warnings.ts';
import { childNamed, childrenNamed, parseXml, renderXml, type XmlElement, type XmlOut } from '../xml.ts';
import { normalizeColor } from './colors.ts';
import { normalizeGuid } from './guid.ts';

/** Namespace of codebook files. */
export const CODEBOOK_NAMESPACE = 'urn:QDA-XML:codebook:1.0';

const NAME_MAX = 200;
const DESCRIPTION_MAX = 10_000;

/**
 * Reads a `<Codes>` element (any depth) into codes in tree order, parents before children. With
 * `noteRefs`, each code's `<NoteRef>` targets are handed to it (a project's code memos); without,
 * they are dropped with a warning (a `.qdc` codebook holds no notes).
 */
export function readRefiCodes(
  codes: XmlElement | undefined,
  warnings: Warnings,
  noteRefs?: (codeKey: string, refs: XmlElement[]) => void,
): PortableCode[] {
  const out: PortableCode[] = [];
  const keys = new Set<string>();
  const visit = (parent: XmlElement, parentKey: string | null) => {
    for (const element of childrenNamed(parent, 'Code')) {
      let key = normalizeGuid(element.attributes.guid);
      if (key === null || keys.has(key)) {
        warnings.add('codes without a unique GUID were given a new one', element.attributes.name ?? '');
        key = `code-${out.length + 1}`;
      }
      keys.add(key);
      let name = (element.attributes.name ?? '').trim();
      if (name === '') {
        warnings.add('codes without a name were named "(unnamed code)"');
        name = '(unnamed code)';
      } else if ([...name].length > NAME_MAX) {
        warnings.add(`code names longer than ${NAME_MAX} characters were shortened`, name.slice(0, 40));
        name = [...name].slice(0, NAME_MAX).join('');
      }
      let color = normalizeColor(element.attributes.color);
      if (color === null) {
        if (element.attributes.color !== undefined) warnings.add('invalid code colours were replaced', name);
        color = DEFAULT_CODE_COLORS[out.length % DEFAULT_CODE_COLORS.length]!;
      }
      let description = childNamed(element, 'Description')?.text ?? '';
      if (description.length > DESCRIPTION_MAX) {
        warnings.add(`code descriptions longer than ${DESCRIPTION_MAX} characters were shortened`, name);
        description = description.slice(0, DESCRIPTION_MAX);
      }
      if (noteRefs) noteRefs(key, childrenNamed(element, 'NoteRef'));
      else if (childrenNamed(element, 'NoteRef').length > 0) {
        warnings.add(
          '<NoteRef> notes attached to codes were dropped (Concord keeps a description per code)',
          name,
        );
      }
      out.push({ key, name, parent: parentKey, color, description });
      visit(element, key);
    }
  };
  if (codes) visit(codes, null);
  return out;
}

/**
 * Writes codes as nested `<Code>` elements. `guid` gives each code its GUID. Every code is
 * codable: Concord lets any code, a theme included, carry codings.
 */
export function writeRefiCodes(
  codes: readonly PortableCode[],
  guid: (key: string) => string,
  /** GUIDs of the notes on a code (its code memos), written as `<NoteRef>`s; default none. */
  noteGuids: (key: string) => string[] = () => [],
): XmlOut[] {
  const keys = new Set(codes.map((c) => c.key));
  const children = new Map<string | null, PortableCode[]>();
  for (const code of codes) {
    const parent = code.parent !== null && keys.has(code.parent) ? code.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), code]);
  }
  const written = new Set<string>();
  const build = (code: PortableCode): XmlOut => {
    written.add(code.key);
    const nested = (children.get(code.key) ?? []).filter((c) => !written.has(c.key)).map(build);
    return {
      name: 'Code',
      attributes: { guid: guid(code.key), name: code.name, isCodable: true, color: code.color },
      children: [
        ...(code.description === '' ? [] : [{ name: 'Description', text: code.description }]),
        ...noteGuids(code.key).map((target) => ({ name: 'NoteRef', attributes: { targetGUID: target } })),
        ...nested,
      ],
    };
  };
  const roots = (children.get(null) ?? []).map(build);
  // Codes caught in a parent cycle are unreachable from the top: written at the top, not lost.
  for (const code of codes) if (!written.has(code.key)) roots.push(build({ ...code, parent: null }));
  return roots;
}

/** Reads a `.qdc` codebook file. */
export function readRefiCodebook(xml: string, what: string, warnings: Warnings): PortableCode[] {
  const root = parseXml(xml, what);
  if (root.name === 'Project') {
    throw new AppError('validation', `${what} is a REFI-QDA project, not a codebook: import it as .qdpx`);
  }
  if (root.name !== 'CodeBook') {
    throw new AppError('validation', `${what} is not a REFI-QDA codebook (its root is <${root.name}>)`);
  }
  const codes = readRefiCodes(childNamed(root, 'Codes'), warnings);
  if (codes.length === 0) throw new AppError('validation', `${what} holds no codes`);
  return codes;
}

/** Writes a `.qdc` codebook file. */
export function writeRefiCodebook(
  codes: readonly PortableCode[],
  options: { guid: (key: string) => string; origin: string },
): string {
  return renderXml({
    name: 'CodeBook',
    attributes: { xmlns: CODEBOOK_NAMESPACE, origin: options.origin },
    children: [{ name: 'Codes', children: writeRefiCodes(codes, options.guid) }],
  });
}
