/**
 * Nothing in a REFI-QDA project disappears without a word: every element and attribute a file can
 * carry under Project-mrt2019.xsd is either kept by the reader or named in the import warnings
 * (shared/interchange/refi/coverage.ts). The schema is walked from `<Project>` through the kept
 * elements; a left-out element takes its subtree with it. Then a project holding every such
 * element and attribute is read, and each one left out must be named by a warning.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BOOKKEEPING_ATTRIBUTES,
  DEFAULT_VALUED_ATTRIBUTES,
  DROPPED_ATTRIBUTES,
  DROPPED_ELEMENTS,
  KEPT_ATTRIBUTES,
  KEPT_ELEMENTS,
} from '../../../shared/interchange/refi/coverage.ts';
import { readRefiProject } from '../../../shared/interchange/refi/readProject.ts';
import { parseXml, renderXml, type XmlElement, type XmlOut } from '../../../shared/interchange/xml.ts';
import { PROJECT_XSD } from '../../helpers/transfer.ts';

interface SchemaType {
  children: { name: string; type: string }[];
  attributes: string[];
}

/** complexType name → its child elements (in any sequence or choice) and attributes. */
function schemaTypes(): Map<string, SchemaType> {
  const root = parseXml(readFileSync(PROJECT_XSD, 'utf8'), 'Project-mrt2019.xsd');
  const types = new Map<string, SchemaType>();
  const collect = (element: XmlElement, into: SchemaType) => {
    for (const child of element.children) {
      if (child.name === 'element' && child.attributes.name) {
        into.children.push({ name: child.attributes.name, type: child.attributes.type ?? '' });
      } else if (child.name === 'attribute' && child.attributes.name) {
        into.attributes.push(child.attributes.name);
      } else collect(child, into);
    }
  };
  for (const type of root.children.filter((c) => c.name === 'complexType')) {
    const into: SchemaType = { children: [], attributes: [] };
    collect(type, into);
    types.set(type.attributes.name!, into);
  }
  return types;
}

const types = schemaTypes();

/** Every `Parent/Child` and `Element@attribute` a file can carry, reached through kept elements. */
function reachable(): { pairs: Set<string>; attributes: Set<string>; typeOf: Map<string, string> } {
  const pairs = new Set<string>();
  const attributes = new Set<string>();
  const typeOf = new Map<string, string>([['Project', 'ProjectType']]);
  const queue: [string, string][] = [['Project', 'ProjectType']];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const [name, type] = queue.shift()!;
    if (seen.has(`${name}:${type}`)) continue;
    seen.add(`${name}:${type}`);
    const schema = types.get(type);
    if (!schema) continue;
    for (const attribute of schema.attributes) attributes.add(`${name}@${attribute}`);
    for (const child of schema.children) {
      const pair = `${name}/${child.name}`;
      pairs.add(pair);
      typeOf.set(pair, child.type);
      if (KEPT_ELEMENTS.has(pair)) queue.push([child.name, child.type]);
    }
  }
  return { pairs, attributes, typeOf };
}

describe('REFI-QDA coverage table', () => {
  const { pairs, attributes, typeOf } = reachable();

  it('walks a schema of the expected size', () => {
    expect(types.size).toBeGreaterThan(30);
    expect(pairs.size).toBeGreaterThan(50);
  });

  it('every element a file can carry is kept or warned about, and the table names no other', () => {
    const unlisted = [...pairs].filter((p) => !KEPT_ELEMENTS.has(p) && !(p in DROPPED_ELEMENTS));
    expect(unlisted).toEqual([]);
    const stale = [...KEPT_ELEMENTS, ...Object.keys(DROPPED_ELEMENTS)].filter((p) => !pairs.has(p));
    expect(stale).toEqual([]);
    for (const pair of Object.keys(DROPPED_ELEMENTS)) expect(KEPT_ELEMENTS.has(pair), pair).toBe(false);
  });

  it('every attribute of a kept element is kept, bookkeeping, or warned about', () => {
    const listed = (a: string) =>
      KEPT_ATTRIBUTES.has(a) || BOOKKEEPING_ATTRIBUTES.has(a) || DROPPED_ATTRIBUTES.has(a);
    expect([...attributes].filter((a) => !listed(a))).toEqual([]);
    const stale = [...KEPT_ATTRIBUTES, ...BOOKKEEPING_ATTRIBUTES, ...DROPPED_ATTRIBUTES].filter(
      (a) => !attributes.has(a),
    );
    expect(stale).toEqual([]);
    for (const a of Object.keys(DEFAULT_VALUED_ATTRIBUTES)) expect(DROPPED_ATTRIBUTES.has(a), a).toBe(true);
  });

  it('a project with every element and attribute: each one left out is named in a warning', () => {
    const GUID = '00000000-0000-4000-8000-000000000001';
    /** A value the attribute's type accepts; default-valued attributes get a telling one. */
    const value = (element: string, attribute: string): string => {
      const key = `${element}@${attribute}`;
      if (key in DEFAULT_VALUED_ATTRIBUTES) return key === 'Code@isCodable' ? 'false' : 'Integer';
      if (/guid|GUID|User$|^targetGUID$/.test(attribute)) return GUID;
      if (attribute === 'startPosition') return '0';
      if (attribute === 'endPosition') return '4';
      if (/DateTime$/.test(attribute)) return '2024-01-01T00:00:00Z';
      if (attribute === 'color') return '#112233';
      if (/Path$/.test(attribute)) return 'internal://missing.txt';
      return 'x';
    };
    const used = new Set<string>();
    const build = (name: string, type: string): XmlOut => {
      const schema = types.get(type);
      const children: XmlOut[] = [];
      for (const child of schema?.children ?? []) {
        const pair = `${name}/${child.name}`;
        if (used.has(pair)) continue;
        used.add(pair);
        if (KEPT_ELEMENTS.has(pair)) children.push(build(child.name, typeOf.get(pair)!));
        else children.push({ name: child.name, attributes: { guid: GUID, name: `a ${child.name}` } });
      }
      const text =
        name === 'PlainTextContent'
          ? 'Some text here.'
          : schema
            ? undefined
            : name.endsWith('Value')
              ? 'v'
              : 'memo';
      return {
        name,
        attributes: Object.fromEntries(
          (schema?.attributes ?? [])
            .filter((a) => !(name === 'TextSource' && a === 'plainTextPath'))
            .map((a) => [a, value(name, a)]),
        ),
        ...(children.length > 0 ? { children } : text === undefined ? {} : { text }),
      };
    };
    const xml = renderXml(build('Project', 'ProjectType'));
    const root = parseXml(xml, 'synthetic');
    const { warnings } = readRefiProject(
      root,
      { read: () => undefined },
      { now: '2024-01-01T00:00:00.000Z', fallbackName: 'x' },
    );
    for (const [pair, { warning }] of Object.entries(DROPPED_ELEMENTS)) {
      const child = pair.split('/')[1]!;
      expect(warning, pair).toContain(`<${child}>`);
      expect(
        warnings.some((w) => w.startsWith(warning)),
        `${pair} not named in: ${warnings.join(' | ')}`,
      ).toBe(true);
    }
    for (const attribute of DROPPED_ATTRIBUTES) {
      expect(
        warnings.some((w) => w.startsWith(`${attribute} attributes were left out`)),
        `${attribute} not named in: ${warnings.join(' | ')}`,
      ).toBe(true);
    }
    // Everything in it is in the schema.
    expect(warnings.filter((w) => w.includes('the REFI-QDA schema does not define'))).toEqual([]);
  });

  it('an element the schema does not define is reported', () => {
    const root = parseXml(
      '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Extension vendor="x"/></Project>',
      'extension',
    );
    const { warnings } = readRefiProject(
      root,
      { read: () => undefined },
      { now: '2024-01-01T00:00:00.000Z', fallbackName: 'x' },
    );
    expect(warnings).toContain(
      'elements the REFI-QDA schema does not define were left out: 1 (e.g. <Extension> in <Project>)',
    );
  });

  it('keeps the document memo, document groups and code groups; names case codings and case selections', () => {
    const G = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const root = parseXml(
      `<Project xmlns="urn:QDA-XML:project:1.0" name="Sets">
        <Users><User guid="${G(1)}" name="Ann"/></Users>
        <CodeBook><Codes><Code guid="${G(10)}" name="C" isCodable="true"/></Codes></CodeBook>
        <Cases><Case guid="${G(40)}" name="Site A"><CodeRef targetGUID="${G(10)}"/><SourceRef targetGUID="${G(20)}"/><SelectionRef targetGUID="${G(50)}"/></Case></Cases>
        <Sources><TextSource guid="${G(20)}" name="Interview"><Description>Recorded at the depot.</Description><PlainTextContent>Some text.</PlainTextContent></TextSource></Sources>
        <Sets>
          <Set guid="${G(60)}" name="Wave 1"><Description>First wave</Description><MemberSource targetGUID="${G(20)}"/></Set>
          <Set guid="${G(61)}" name="Drivers"><MemberSource targetGUID="${G(20)}"/></Set>
          <Set guid="${G(62)}" name="Core codes"><MemberCode targetGUID="${G(10)}"/></Set>
        </Sets>
      </Project>`,
      'sets',
    );
    const { project, warnings } = readRefiProject(
      root,
      { read: () => undefined },
      { now: '2024-01-01T00:00:00.000Z', fallbackName: 'x' },
    );
    expect(project.documents[0]!.attributes).toEqual({
      case: 'Site A',
      memo: 'Recorded at the depot.',
      groups: 'Wave 1; Drivers',
    });
    expect(project.codes.map((c) => [c.name, c.groups])).toEqual([['C', ['Core codes']]]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        '<CodeRef> codes applied to whole cases were left out: 1 (e.g. Site A)',
        '<SelectionRef> selections assigned to cases were left out: 1 (e.g. Site A)',
        'descriptions of sets were left out (their names are kept): 1 (e.g. Wave 1)',
      ]),
    );
  });
});
