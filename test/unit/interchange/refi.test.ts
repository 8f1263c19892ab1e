/**
 * REFI-QDA as pure functions: the XML layer's refusals and escaping, write → read equality on
 * generated projects (emoji, ZWJ sequences, CJK, CRLF), and how files from other tools are read.
 */
import { describe, expect, it } from 'vitest';
import { toAgreementInput } from '../../../shared/interchange/agreementInput.ts';
import { PortableProjectSchema, type PortableProject } from '../../../shared/interchange/portable.ts';
import { completionOf } from '../../../shared/interchange/raters.ts';
import { normalizeColor } from '../../../shared/interchange/refi/colors.ts';
import { normalizeGuid } from '../../../shared/interchange/refi/guid.ts';
import { readRefiProjectXml } from '../../../shared/interchange/refi/readProject.ts';
import { writeRefiProject } from '../../../shared/interchange/refi/writeProject.ts';
import { parseXml, renderXml } from '../../../shared/interchange/xml.ts';
import { derivedGuid } from '../../../server/services/export/ExportService.ts';
import { xmllint } from '../../helpers/transfer.ts';

const NOW = '2025-01-01T00:00:00.000Z';

describe('XML', () => {
  it('decodes the predefined entities and character references, keeps CDATA literal', () => {
    const root = parseXml(
      '<?xml version="1.0"?><a x="1 &lt; 2 &amp; &quot;q&quot; &#x1F600;">t &gt; &#65;&#13;\r\nz<![CDATA[&amp; <raw>]]></a>',
      'x.xml',
    );
    expect(root.attributes.x).toBe('1 < 2 & "q" 😀');
    expect(root.text).toBe('t > A\r\nz&amp; <raw>');
  });

  it.each([
    [
      '<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>',
      /DOCTYPE and ENTITY declarations are refused/,
    ],
    ['<a><!ENTITY e "x"></a>', /DOCTYPE and ENTITY declarations are refused/],
    ['<a>&e;</a>', /undefined entity &e;/],
    ['<a>fish & chips</a>', /bare "&"|not well-formed/],
    ['<a>&#0;</a>', /character reference &#0; is not allowed/],
    ['<a><b></a>', /x\.xml is not well-formed XML: .*\(line 1, column \d+\)/],
    ['<a/><b/>', /not well-formed|one root element/],
  ])('refuses %j', (xml, message) => {
    expect(() => parseXml(xml, 'x.xml')).toThrow(message);
  });

  it('escapes what it writes so it reads back the same, dropping what XML cannot carry', () => {
    const awkward = 'a < b & "c" \'d\' > e\r\n\tf 😀 病 \u0001\u0008 end';
    const xml = renderXml({
      name: 'r',
      attributes: { v: awkward, skip: undefined },
      children: [{ name: 't', text: awkward }],
    });
    const root = parseXml(xml, 'r.xml');
    const kept = awkward.replace('\u0001\u0008', '');
    expect(root.attributes).toEqual({ v: kept });
    expect(root.children[0]!.text).toBe(kept);
  });
});

describe('GUIDs and colours', () => {
  it('normalises GUIDs and colours', () => {
    expect(normalizeGuid('{ABCDEF01-2345-6789-ABCD-EF0123456789}')).toBe(
      'abcdef01-2345-6789-abcd-ef0123456789',
    );
    expect(normalizeGuid('not-a-guid')).toBeNull();
    expect(normalizeColor('#AbC')).toBe('#aabbcc');
    expect(normalizeColor('#A1B2C3')).toBe('#a1b2c3');
    expect(normalizeColor('red')).toBeNull();
    expect(derivedGuid('code', 'x')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(derivedGuid('code', 'x')).toBe(derivedGuid('code', 'x'));
    expect(derivedGuid('code', 'x')).not.toBe(derivedGuid('user', 'x'));
  });
});

/** mulberry32: a small seeded generator, so every run tests the same projects. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'b', ' ', '\n', '\r\n', '😀', '病', '院', 'é', 'e\u0301', '👩‍⚕️', '&', '<', '"'];

function generated(seed: number): PortableProject {
  const random = seeded(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const text = (n: number) => Array.from({ length: n }, () => pick(PIECES)).join('');
  const coders = Array.from({ length: 1 + int(3) }, (_, i) => ({
    key: `u${i}`,
    name: `Coder ${i} ${text(2).replace(/\s/g, '_')}`,
    externalId: `u${i}`,
    consensus: false,
  }));
  if (random() < 0.5)
    coders.push({ key: 'consensus', name: 'Consensus', externalId: 'consensus', consensus: true });
  const codes = Array.from({ length: 1 + int(5) }, (_, i) => ({
    key: `c${i}`,
    name: `Code ${i} ${text(3).trim() || 'x'}`,
    parent: i > 0 && random() < 0.5 ? `c${int(i)}` : null,
    color: `#${int(0xffffff).toString(16).padStart(6, '0')}`,
    description: random() < 0.5 ? '' : text(8),
    ...(random() < 0.4 ? { groups: ['Group A', ...(random() < 0.5 ? ['Group B 🧪'] : [])] } : {}),
  }));
  const documents = Array.from({ length: 1 + int(3) }, (_, i) => ({
    key: `d${i}`,
    title: `Doc ${i} ${text(3).replace(/\s/g, '_')}`,
    text: text(5 + int(60)),
    attributes: random() < 0.5 ? {} : { site: text(3), 'age group': `${int(90)}` },
    createdAt: random() < 0.5 ? null : NOW,
  }));
  const codings = Array.from({ length: int(12) }, (_, i) => {
    const document = pick(documents);
    const length = [...document.text].length;
    const start = int(length - 1);
    return {
      key: `k${i}`,
      document: document.key,
      coder: pick(coders).key,
      code: pick(codes).key,
      start,
      end: start + 1 + int(length - start - 1),
      memo: random() < 0.3 ? text(10) : '',
      createdAt: `2024-0${1 + int(9)}-1${int(10)}T0${int(10)}:00:00.000Z`,
    };
  });
  const completed =
    random() < 0.3
      ? null
      : Object.fromEntries(
          documents.map((d) => [d.key, coders.filter(() => random() < 0.5).map((c) => c.key)]),
        );
  return PortableProjectSchema.parse({
    name: `Project ${seed} 🧪`,
    description: text(12),
    coders,
    codes,
    documents,
    codings,
    completed,
  });
}

/** Codes depth-first, siblings in their order: how a codebook reads, whatever the array order. */
function treeOrder<T extends { key: string; parent: string | null }>(codes: readonly T[]): T[] {
  const out: T[] = [];
  const walk = (parent: string | null) => {
    for (const code of codes.filter((c) => c.parent === parent)) {
      out.push(code);
      walk(code.key);
    }
  };
  walk(null);
  return out;
}

/** A project's content by names, independent of keys. */
function content(project: PortableProject) {
  const coder = new Map(project.coders.map((c) => [c.key, c.name]));
  const code = new Map(project.codes.map((c) => [c.key, c.name]));
  const doc = new Map(project.documents.map((d) => [d.key, d.title]));
  return {
    name: project.name,
    description: project.description,
    coders: project.coders.map((c) => [c.name, c.externalId, c.consensus]),
    codes: treeOrder(project.codes).map((c) => [
      c.name,
      c.parent === null ? null : code.get(c.parent),
      c.color,
      c.description,
      c.groups ?? [],
    ]),
    documents: project.documents.map((d) => [d.title, d.text, d.attributes, d.createdAt]),
    codings: project.codings
      .map((c) =>
        [doc.get(c.document), coder.get(c.coder), code.get(c.code), c.start, c.end, c.memo, c.createdAt].join(
          '|',
        ),
      )
      .sort(),
    // Who completed what, as the shared rule reads it: a file without a record is written with
    // the raters the rule derived, which reads back the same.
    completed: Object.fromEntries(
      Object.entries(completionOf(project)).map(([d, list]) => [
        doc.get(d),
        list.map((k) => coder.get(k)).sort(),
      ]),
    ),
  };
}

function roundTrip(project: PortableProject) {
  const written = writeRefiProject(project, { guid: derivedGuid, origin: 'test', now: NOW });
  const files = new Map(written.sources.map((s) => [s.name, s.text]));
  return {
    written,
    read: readRefiProjectXml(
      written.qde,
      { read: (name) => files.get(name) },
      { now: NOW, fallbackName: 'x' },
    ),
  };
}

describe('write → read', () => {
  it('gives back every generated project, positions in code points', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const project = generated(seed);
      const { read } = roundTrip(project);
      expect(read.warnings, `seed ${seed}`).toEqual([]);
      expect(content(read.project), `seed ${seed}`).toEqual(content(project));
    }
  });

  it('writes files valid against the schema', async () => {
    for (const seed of [3, 7, 11]) {
      const { written } = roundTrip(generated(seed));
      expect(await xmllint(written.qde)).toMatchObject({ ok: true });
    }
  });
});

const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('reading files from other tools', () => {
  const read = (body: string, text = 'abcdefghij') =>
    readRefiProjectXml(
      `<Project xmlns="urn:QDA-XML:project:1.0" name="P"><Users><User guid="${GUID(1)}" name="Ann"/></Users>
        <CodeBook><Codes><Code guid="${GUID(10)}" name="C" isCodable="true"><NoteRef targetGUID="${GUID(90)}"/></Code></Codes></CodeBook>
        <Sources><TextSource guid="${GUID(20)}" name="T" creatingUser="${GUID(1)}"><PlainTextContent>${text}</PlainTextContent>${body}</TextSource></Sources>
        <Notes><Note guid="${GUID(90)}" name="code note"><PlainTextContent>n</PlainTextContent></Note></Notes></Project>`,
      { read: () => undefined },
      { now: NOW, fallbackName: 'x' },
    );
  const coding = (n: number, user?: number) =>
    `<Coding guid="${GUID(n)}"${user ? ` creatingUser="${GUID(user)}"` : ''}><CodeRef targetGUID="${GUID(10)}"/></Coding>`;

  it('swaps reversed positions, attributes codings without a user, names unknown users', () => {
    const { project, warnings } = read(
      `<PlainTextSelection guid="${GUID(30)}" startPosition="5" endPosition="2">${coding(40, 1)}</PlainTextSelection>
       <PlainTextSelection guid="${GUID(31)}" startPosition="0" endPosition="1">${coding(41)}</PlainTextSelection>
       <PlainTextSelection guid="${GUID(32)}" startPosition="1" endPosition="3">${coding(42, 7)}</PlainTextSelection>
       <PlainTextSelection guid="${GUID(33)}" startPosition="3" endPosition="3">${coding(43, 1)}</PlainTextSelection>
       <PlainTextSelection guid="${GUID(34)}" startPosition="x" endPosition="3">${coding(44, 1)}</PlainTextSelection>
       ${coding(45, 1)}`,
    );
    expect(project.coders.map((c) => c.name)).toEqual(['Ann', 'Unattributed (imported)', 'Coder 00000000']);
    expect(project.codings.map((c) => [c.coder === GUID(1) ? 'Ann' : c.coder, c.start, c.end])).toEqual([
      ['Ann', 2, 5],
      ['unattributed', 0, 1],
      [GUID(7), 1, 3],
      ['Ann', 0, 10],
    ]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'codings without a creatingUser were given to the coder "Unattributed (imported)": 1',
        expect.stringMatching(/^empty selections were left out: 1/),
        expect.stringMatching(/^selections with unreadable positions were left out: 1/),
      ]),
    );
    expect(PortableProjectSchema.safeParse(project).success).toBe(true);
    // The note on the code is that code's memo, not dropped.
    expect(project.memos).toEqual([
      {
        key: GUID(90),
        kind: 'code',
        title: 'code note',
        text: 'n',
        author: null,
        createdAt: null,
        updatedAt: null,
        documents: [],
        codes: [GUID(10)],
      },
    ]);
    expect(warnings.join('\n')).not.toMatch(/note/i);
  });

  it('reads completion sets written by Concord, and ignores other sets', () => {
    const sets = (project: string) =>
      project.replace(
        '</Project>',
        `<Sets>
      <Set guid="${GUID(60)}" name="Completed by Ann"><Description>concord:completed-by:${GUID(1)}</Description><MemberSource targetGUID="${GUID(20)}"/></Set>
      <Set guid="${GUID(61)}" name="Favourites"><MemberSource targetGUID="${GUID(20)}"/></Set></Sets></Project>`,
      );
    const xml = `<Project xmlns="urn:QDA-XML:project:1.0" name="P"><Users><User guid="${GUID(1)}" name="Ann"/><User guid="${GUID(2)}" name="Bo"/></Users>
      <Sources><TextSource guid="${GUID(20)}" name="T"><PlainTextContent>x</PlainTextContent></TextSource></Sources></Project>`;
    const { project } = readRefiProjectXml(
      sets(xml),
      { read: () => undefined },
      { now: NOW, fallbackName: 'x' },
    );
    expect(project.completed).toEqual({ [GUID(20)]: [GUID(1)] });
    expect(
      readRefiProjectXml(xml, { read: () => undefined }, { now: NOW, fallbackName: 'x' }).project.completed,
    ).toBeNull();
  });
});

describe('agreement input from a project', () => {
  it('names coders uniquely, leaves out consensus and unused themes, maps completion', () => {
    const project = PortableProjectSchema.parse({
      name: 'P',
      description: '',
      coders: [
        { key: 'a', name: 'Sam', externalId: null, consensus: false },
        { key: 'b', name: 'Sam', externalId: null, consensus: false },
        { key: 'c', name: 'A|B', externalId: null, consensus: false },
        { key: 'z', name: 'Consensus', externalId: 'consensus', consensus: true },
        { key: 'idle', name: 'Idle', externalId: null, consensus: false },
      ],
      codes: [
        { key: 't', name: 'Theme', parent: null, color: '#000000', description: '' },
        { key: 'x', name: 'X', parent: 't', color: '#000000', description: '' },
      ],
      documents: [{ key: 'd', title: 'D', text: 'hello', attributes: {}, createdAt: null }],
      codings: ['a', 'b', 'c', 'z'].map((coder, i) => ({
        key: `k${i}`,
        document: 'd',
        coder,
        code: 'x',
        start: 0,
        end: 2,
        memo: '',
        createdAt: NOW,
      })),
      completed: { d: ['a', 'b', 'z'] },
    });
    const input = toAgreementInput(project);
    expect(input.coders).toEqual(['Sam', 'Sam (2)', 'A/B']);
    expect(input.codes).toEqual([{ id: 'x', name: 'X' }]);
    expect(input.codings.map((c) => c.coder)).toEqual(['Sam', 'Sam (2)', 'A/B']);
    expect(input.completed).toEqual({ d: ['Sam', 'Sam (2)'] });
  });
});
