/**
 * REFI-QDA `Variables` with their types and `Cases`, both ways (docs/cases.md).
 *
 * Types: `Text` ↔ text, `Boolean` ↔ boolean, `Integer` and `Float` ↔ number (a number attribute is
 * written as `Integer` when every value is whole, else `Float`), `Date` ↔ date, and `DateTime` →
 * date (the time is dropped, with a warning). A value is written in the element of its variable's
 * type (`TextValue`, `BooleanValue`, `IntegerValue`, `FloatValue`, `DateValue`); an empty value of
 * a typed variable is not written (the schema has no empty number or date).
 *
 * Reading: values are brought to the canonical form of their variable's type; when any value of a
 * variable does not fit its declared type, the variable is read as text (nothing is lost) with a
 * warning. A `Case` becomes a case with its `Description` and the documents of its `SourceRef`s.
 */
import { normalizeValue, type AttributeDefinition, type AttributeType } from '../../model/attributeTypes.ts';
import type { PortableCase, PortableDocument, PortableProject } from '../portable.ts';
import type { Warnings } from '../warnings.ts';
import { childNamed, childrenNamed, type XmlElement, type XmlOut } from '../xml.ts';
import { normalizeGuid } from './guid.ts';

/** The `typeOfVariable` values of the schema. */
export type RefiVariableType = 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date' | 'DateTime';

const FROM_REFI: Record<RefiVariableType, AttributeType> = {
  Text: 'text',
  Boolean: 'boolean',
  Integer: 'number',
  Float: 'number',
  Date: 'date',
  DateTime: 'date',
};

/** The value element of each variable type. */
const VALUE_ELEMENT: Record<RefiVariableType, string> = {
  Text: 'TextValue',
  Boolean: 'BooleanValue',
  Integer: 'IntegerValue',
  Float: 'FloatValue',
  Date: 'DateValue',
  DateTime: 'DateTimeValue',
};

/** The attribute type of a `typeOfVariable` (unknown or absent: text). */
export function attributeTypeOf(typeOfVariable: string | undefined): AttributeType {
  return FROM_REFI[(typeOfVariable?.trim() ?? 'Text') as RefiVariableType] ?? 'text';
}

/** The `typeOfVariable` to write for an attribute of this type holding these (canonical) values. */
export function refiTypeOf(type: AttributeType, values: readonly string[]): RefiVariableType {
  switch (type) {
    case 'text':
      return 'Text';
    case 'boolean':
      return 'Boolean';
    case 'date':
      return 'Date';
    case 'number':
      return values.every((v) => v === '' || /^-?\d+$/.test(v)) ? 'Integer' : 'Float';
  }
}

/** The types of a project's attributes to write: each attribute named in `types` or held by a document. */
export function variableTypes(project: PortableProject): Map<string, RefiVariableType> {
  const declared = new Map((project.attributeTypes ?? []).map((d) => [d.name, d.type]));
  const names = [...new Set(project.documents.flatMap((d) => Object.keys(d.attributes)))];
  return new Map(
    names.map((name) => {
      const values = project.documents.flatMap((d) =>
        Object.hasOwn(d.attributes, name) ? [d.attributes[name]!] : [],
      );
      return [name, refiTypeOf(declared.get(name) ?? 'text', values)];
    }),
  );
}

/** A `VariableValue` element, or null for an empty value of a typed variable. */
export function writeVariableValue(
  variableGuid: string,
  type: RefiVariableType,
  value: string,
): XmlOut | null {
  if (type !== 'Text' && value === '') return null;
  return {
    name: 'VariableValue',
    children: [
      { name: 'VariableRef', attributes: { targetGUID: variableGuid } },
      { name: VALUE_ELEMENT[type], text: value },
    ],
  };
}

/** `Case` elements: name, description and a `SourceRef` per document. */
export function writeCases(
  cases: readonly PortableCase[],
  guid: (kind: 'case' | 'source', key: string) => string,
): XmlOut[] {
  return cases.map((c) => ({
    name: 'Case',
    attributes: { guid: guid('case', c.key), name: c.name },
    children: [
      ...(c.description === '' ? [] : [{ name: 'Description', text: c.description }]),
      ...c.documents.map((d) => ({ name: 'SourceRef', attributes: { targetGUID: guid('source', d) } })),
    ],
  }));
}

/**
 * The declared type of each variable read (by the attribute name the reader gave it), and the
 * documents' values made canonical under it. A variable with any value that does not fit is kept
 * as text, with a warning naming it; `DateTime` variables lose their times, with a warning.
 */
export function typeDocumentValues(
  declared: ReadonlyMap<string, string | undefined>,
  documents: PortableDocument[],
  warnings: Warnings,
): AttributeDefinition[] {
  const definitions: AttributeDefinition[] = [];
  for (const [name, typeOfVariable] of declared) {
    const type = attributeTypeOf(typeOfVariable);
    if (type === 'text') continue;
    const holding = documents.filter((d) => Object.hasOwn(d.attributes, name));
    const results = holding.map((d) => normalizeValue(type, d.attributes[name]!));
    if (results.some((r) => !r.ok)) {
      warnings.add('typed variables with values that do not fit their type were read as text', name);
      continue;
    }
    if (
      typeOfVariable?.trim() === 'DateTime' &&
      holding.some((d) => /T|\s\d/.test(d.attributes[name]!.trim()))
    )
      warnings.add('times of DateTime variables were dropped (Concord keeps the date)', name);
    holding.forEach((d, i) => {
      const r = results[i]!;
      if (r.ok) d.attributes[name] = r.value;
    });
    definitions.push({ name, type });
  }
  return definitions;
}

/** The project's `Case`s as cases, their documents among `documentKeys` (others are dropped). */
export function readCases(
  root: XmlElement,
  documentKeys: ReadonlySet<string>,
  warnings: Warnings,
): PortableCase[] {
  const element = childNamed(root, 'Cases');
  const cases: PortableCase[] = [];
  const keys = new Set<string>();
  for (const kase of element ? childrenNamed(element, 'Case') : []) {
    let key = normalizeGuid(kase.attributes.guid);
    if (key === null || keys.has(key)) key = `case-${cases.length + 1}`;
    keys.add(key);
    const name = kase.attributes.name?.trim().slice(0, 200) || `Case ${cases.length + 1}`;
    const documents: string[] = [];
    for (const ref of childrenNamed(kase, 'SourceRef')) {
      const source = normalizeGuid(ref.attributes.targetGUID);
      if (source !== null && documentKeys.has(source)) {
        if (!documents.includes(source)) documents.push(source);
      } else
        warnings.add('case members that are not imported text sources were left out of their case', name);
    }
    const description = (childNamed(kase, 'Description')?.text ?? '').slice(0, 10_000);
    cases.push({ key, name, description, documents });
  }
  return cases;
}
