/**
 * XML in and out for the exchange formats. Reading uses fast-xml-parser with entity processing
 * off, after refusing any DOCTYPE or ENTITY declaration outright: files from elsewhere must not
 * be able to pull in external entities (XXE) or expand nested ones ("billion laughs"). The five
 * predefined entities and character references are decoded here, nothing else.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../errors.ts';

/** An element: local name (namespace prefix removed), attributes, child elements and its text. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data (text and CDATA), concatenated, entities decoded. */
  text: string;
}

/** Deepest element nesting accepted; deep enough for any codebook people build. */
const MAX_DEPTH = 256;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references; any other entity is an error. */
function decodeEntities(raw: string, what: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);|&/g, (match, body: string | undefined) => {
    if (body === undefined) throw new AppError('validation', `${what}: a bare "&" is not allowed in XML`);
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!isXmlChar(code))
        throw new AppError('validation', `${what}: character reference ${match} is not allowed in XML`);
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED[body];
    if (value === undefined) throw new AppError('validation', `${what}: undefined entity ${match}`);
    return value;
  });
}

/** Whether a code point may appear in an XML 1.0 document. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function toElement(node: OrderedNode, what: string): XmlElement | null {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (name === undefined || name === '#text' || name === '#cdata') return null;
  const raw = node[name];
  const children: XmlElement[] = [];
  let text = '';
  for (const child of Array.isArray(raw) ? (raw as OrderedNode[]) : []) {
    if ('#text' in child) text += decodeEntities(String(child['#text']), what);
    else if ('#cdata' in child) {
      // CDATA is literal: its text is not entity-decoded.
      for (const part of (child['#cdata'] as OrderedNode[] | undefined) ?? [])
        text += String(part['#text'] ?? '');
    } else {
      const element = toElement(child, what);
      if (element) children.push(element);
    }
  }
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(node[':@'] ?? {})) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    attributes[key] = decodeEntities(String(value), what);
  }
  return { name, attributes, children, text };
}

/**
 * Parses an XML document into its root element. Refuses DOCTYPE and ENTITY declarations, and
 * reports malformed XML with its line and column. `what` names the file in error messages.
 */
export function parseXml(source: string, what: string): XmlElement {
  // XML's end-of-line handling: a parser sees every CRLF and lone CR as LF.
  const xml = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    throw new AppError(
      'validation',
      `${what}: DOCTYPE and ENTITY declarations are refused (they can read files or expand without limit)`,
    );
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new AppError(
      'validation',
      `${what} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
    );
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    cdataPropName: '#cdata',
    maxNestedTags: MAX_DEPTH,
  });
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(xml) as OrderedNode[];
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('validation', `${what} could not be read as XML: ${detail}`, undefined, {
      cause: error,
    });
  }
  const roots = nodes.map((n) => toElement(n, what)).filter((e): e is XmlElement => e !== null);
  if (roots.length !== 1) throw new AppError('validation', `${what}: expected one root element`);
  return roots[0]!;
}

/** Child elements with a local name. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The first child element with a local name, if any. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

/** A node to serialise: an element with attributes (undefined ones left out) and children or text. */
export interface XmlOut {
  name: string;
  attributes?: Record<string, string | number | boolean | undefined>;
  children?: XmlOut[];
  text?: string;
}

/** Removes characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/F). */
export function xmlSafe(text: string): string {
  // Most text has nothing to remove: test first, copy only when needed.
  return NOT_XML.test(text) ? text.replace(NOT_XML_ALL, '') : text;
}
// eslint-disable-next-line no-control-regex
const NOT_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
// eslint-disable-next-line no-control-regex
const NOT_XML_ALL = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeText(text: string): string {
  // CR is escaped so a reader's end-of-line handling keeps it.
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

function escapeAttribute(text: string): string {
  // Tabs and line breaks in attributes would be normalised to spaces by readers: keep them as references.
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

function write(node: XmlOut, indent: string, out: string[]): void {
  const attributes = Object.entries(node.attributes ?? {})
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`)
    .join('');
  const children = node.children ?? [];
  if (children.length === 0 && (node.text === undefined || node.text === '')) {
    out.push(`${indent}<${node.name}${attributes}/>`);
  } else if (children.length === 0) {
    out.push(`${indent}<${node.name}${attributes}>${escapeText(node.text ?? '')}</${node.name}>`);
  } else {
    out.push(`${indent}<${node.name}${attributes}>`);
    for (const child of children) write(child, `${indent}  `, out);
    out.push(`${indent}</${node.name}>`);
  }
}

/** Serialises a document: declaration, then the root element, indented (text content untouched). */
export function renderXml(root: XmlOut): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, '', out);
  return `${out.join('\n')}\n`;
}
