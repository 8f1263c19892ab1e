/**
 * REFI-QDA typed variables and cases read from files as desktop tools write them: each
 * `typeOfVariable` to its attribute type, values made canonical, a variable whose values do not
 * fit its type read as text with a warning, DateTime values keeping their date, and cases with
 * their description and sources.
 */
import { describe, expect, it } from 'vitest';
import { readRefiProjectXml } from '../../../shared/interchange/refi/readProject.ts';
import { refiTypeOf } from '../../../shared/interchange/refi/variables.ts';

const G = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function project(variables: string, sources: string, cases = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Typed">
  <Variables>${variables}</Variables>
  ${cases}
  <Sources>${sources}</Sources>
</Project>`;
}

const source = (n: number, values: string) =>
  `<TextSource guid="${G(n)}" name="Doc ${n}"><PlainTextContent>Text ${n}.</PlainTextContent>${values}</TextSource>`;
const value = (variable: number, element: string, text: string) =>
  `<VariableValue><VariableRef targetGUID="${G(variable)}"/><${element}>${text}</${element}></VariableValue>`;

describe('REFI typed variables', () => {
  it('reads each variable type as its attribute type, values in canonical form', () => {
    const xml = project(
      `<Variable guid="${G(1)}" name="age" typeOfVariable="Integer"/>
       <Variable guid="${G(2)}" name="weight" typeOfVariable="Float"/>
       <Variable guid="${G(3)}" name="visited" typeOfVariable="DateTime"/>
       <Variable guid="${G(4)}" name="consent" typeOfVariable="Boolean"/>
       <Variable guid="${G(5)}" name="site" typeOfVariable="Text"/>`,
      source(
        101,
        value(1, 'IntegerValue', '042') +
          value(2, 'FloatValue', '61.50') +
          value(3, 'DateTimeValue', '2024-03-01T09:30:00Z') +
          value(4, 'BooleanValue', '1') +
          value(5, 'TextValue', ' B '),
      ),
    );
    const { project: read, warnings } = readRefiProjectXml(
      xml,
      { read: () => undefined },
      {
        now: '2026-01-01T00:00:00.000Z',
        fallbackName: 'x',
      },
    );
    expect(read.attributeTypes).toEqual([
      { name: 'age', type: 'number' },
      { name: 'weight', type: 'number' },
      { name: 'visited', type: 'date' },
      { name: 'consent', type: 'boolean' },
    ]);
    expect(read.documents[0]?.attributes).toEqual({
      age: '42',
      weight: '61.5',
      visited: '2024-03-01',
      consent: 'true',
      site: ' B ',
    });
    expect(warnings).toEqual([
      'times of DateTime variables were dropped (Concord keeps the date): 1 (e.g. visited)',
    ]);
  });

  it('reads a variable as text when a value does not fit its declared type, losing nothing', () => {
    const xml = project(
      `<Variable guid="${G(1)}" name="age" typeOfVariable="Integer"/>`,
      source(101, value(1, 'IntegerValue', '40')) + source(102, value(1, 'IntegerValue', 'forty')),
    );
    const { project: read, warnings } = readRefiProjectXml(
      xml,
      { read: () => undefined },
      {
        now: '2026-01-01T00:00:00.000Z',
        fallbackName: 'x',
      },
    );
    expect(read.attributeTypes).toEqual([]);
    expect(read.documents.map((d) => d.attributes.age)).toEqual(['40', 'forty']);
    expect(warnings).toEqual([
      'typed variables with values that do not fit their type were read as text: 1 (e.g. age)',
    ]);
  });

  it('reads cases with their description and the text sources they name', () => {
    const xml = project(
      `<Variable guid="${G(1)}" name="ward" typeOfVariable="Text"/>`,
      source(101, '') + source(102, ''),
      `<Cases>
        <Case guid="${G(201)}" name="Participant 1">
          <Description>Interviewed twice.</Description>
          ${value(1, 'TextValue', 'Ward 3')}
          <SourceRef targetGUID="${G(101)}"/><SourceRef targetGUID="${G(102)}"/><SourceRef targetGUID="${G(999)}"/>
        </Case>
      </Cases>`,
    );
    const { project: read, warnings } = readRefiProjectXml(
      xml,
      { read: () => undefined },
      {
        now: '2026-01-01T00:00:00.000Z',
        fallbackName: 'x',
      },
    );
    expect(read.cases).toEqual([
      { key: G(201), name: 'Participant 1', description: 'Interviewed twice.', documents: [G(101), G(102)] },
    ]);
    // The case's values and name are also on its documents, for filters that read attributes.
    expect(read.documents[0]?.attributes).toEqual({ ward: 'Ward 3', case: 'Participant 1' });
    expect(warnings).toEqual([
      'case members that are not imported text sources were left out of their case: 1 (e.g. Participant 1)',
    ]);
  });
});

describe('refiTypeOf', () => {
  it('writes whole numbers as Integer, others as Float', () => {
    expect(refiTypeOf('number', ['1', '-20', ''])).toBe('Integer');
    expect(refiTypeOf('number', ['1', '2.5'])).toBe('Float');
    expect(refiTypeOf('date', [])).toBe('Date');
    expect(refiTypeOf('boolean', [])).toBe('Boolean');
    expect(refiTypeOf('text', ['1'])).toBe('Text');
  });
});
