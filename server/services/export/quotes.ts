/**
 * The illustrative-quotes table as papers print it (a paper's "Table 2"): theme → code → the
 * passages one layer coded with it, each followed by its source. Built as plain data, then
 * rendered as Markdown or HTML here and as Word in quotesDocx.ts.
 *
 * Themes are the top-level codes, in codebook order; a code's label is its path below the theme
 * ("—" when the theme itself was applied); quotes follow the documents' order, then position;
 * a quote is cited as "(title, ¶12, Speaker)": its document's title, the number the coding view's
 * margin shows for the paragraph or speaker turn where it starts, and that turn's speaker, if any;
 * in a document with a timeline the time its words begin follows, "(title, ¶12, Speaker) [00:12:31]".
 * Codes nobody quoted are left out, as in papers.
 */
import { CitationIndex, citationText } from '../../../shared/model/citations.ts';
import { CodePointIndex } from '../../../shared/model/codePoints.ts';
import { formatTime, timeAt } from '../../../shared/model/cues.ts';
import type { PortableCode, PortableProject } from '../../../shared/interchange/portable.ts';

export interface Quote {
  text: string;
  /** The document's title. */
  source: string;
  /** The margin's paragraph or turn number where the passage starts (0: before any text). */
  paragraph: number;
  /** The speaker of that turn, or null outside speaker turns. */
  speaker: string | null;
  /** When its words begin in the recording (ms), or null when the document has no timeline. */
  startMs: number | null;
}

/** A quote's citation as printed inside its parentheses: "interview01, ¶12, Nurse". */
export function quoteCitation(quote: Quote): string {
  return citationText(quote.source, quote.paragraph, quote.speaker);
}

/** A quote's time as printed after its citation, "[00:12:31]"; null without a timeline. */
export function quoteTime(quote: Quote): string | null {
  return quote.startMs === null ? null : `[${formatTime(quote.startMs)}]`;
}

export interface QuotesTable {
  projectName: string;
  /** The layer's name: a coder's, or "Consensus". */
  layerName: string;
  /** The project's description, printed under the table (it carries attributions). */
  note: string;
  /** The layer's codings left out because their text was deleted; stated under the table. */
  orphaned: number;
  themes: { name: string; codes: { name: string; quotes: Quote[] }[] }[];
}

/** A quote as printed: white space (line breaks included) run together, ends trimmed. */
function quoteText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Builds the table for one layer (a coder key or `consensus`); `orphaned` is how many of the
 * layer's codings could not be placed on their text (the export says so).
 */
export function quotesTable(data: PortableProject, layer: string, orphaned = 0): QuotesTable {
  const codes = new Map(data.codes.map((c) => [c.key, c]));
  const lineage = (code: PortableCode): PortableCode[] => {
    const chain: PortableCode[] = [];
    const seen = new Set<string>();
    for (
      let c: PortableCode | undefined = code;
      c && !seen.has(c.key);
      c = c.parent === null ? undefined : codes.get(c.parent)
    ) {
      seen.add(c.key);
      chain.unshift(c);
    }
    return chain;
  };
  const documents = new Map(
    data.documents.map((d, i) => [
      d.key,
      {
        document: d,
        order: i,
        index: new CodePointIndex(d.text),
        citations: new CitationIndex(d.text),
        cues: d.cues ?? [],
      },
    ]),
  );
  const quotesByCode = new Map<string, { order: number; start: number; quote: Quote }[]>();
  for (const coding of data.codings) {
    if (coding.coder !== layer) continue;
    const entry = documents.get(coding.document);
    if (!entry) continue;
    const { document, order, index, citations, cues } = entry;
    const from = index.toUtf16(coding.start);
    const text = quoteText(document.text.slice(from, index.toUtf16(coding.end)));
    if (text === '') continue;
    // Cite where the quoted words begin, not leading white space the coder happened to select.
    const words = from + Math.max(0, document.text.slice(from).search(/\S/));
    const { number, speaker } = citations.at(words);
    const startMs = cues.length > 0 ? timeAt(cues, index.toCodePoint(words)) : null;
    const list = quotesByCode.get(coding.code) ?? [];
    list.push({
      order,
      start: coding.start,
      quote: { text, source: document.title, paragraph: number, speaker, startMs },
    });
    quotesByCode.set(coding.code, list);
  }

  const themes: QuotesTable['themes'] = [];
  const themeIndex = new Map<string, number>();
  // data.codes is in tree order (each theme followed by its codes), which sets the rows' order.
  for (const code of data.codes) {
    const quotes = quotesByCode.get(code.key);
    if (!quotes || quotes.length === 0) continue;
    const chain = lineage(code);
    const theme = chain[0]!;
    const label =
      chain.length > 1
        ? chain
            .slice(1)
            .map((c) => c.name)
            .join(' › ')
        : '—';
    let at = themeIndex.get(theme.key);
    if (at === undefined) {
      at = themes.push({ name: theme.name, codes: [] }) - 1;
      themeIndex.set(theme.key, at);
    }
    themes[at]!.codes.push({
      name: label,
      quotes: quotes.sort((a, b) => a.order - b.order || a.start - b.start).map((q) => q.quote),
    });
  }
  const layerName = data.coders.find((c) => c.key === layer)?.name ?? layer;
  return { projectName: data.name, layerName, note: data.description, orphaned, themes };
}

/** The sentence stating what the table leaves out, or null when nothing is. */
export function quotesLeftOut(table: QuotesTable): string | null {
  if (table.orphaned === 0) return null;
  const n = table.orphaned;
  return `Left out: ${n} coding${n === 1 ? '' : 's'} of this layer whose text was deleted from the transcript.`;
}

/** The caption printed above the table. */
export function quotesCaption(table: QuotesTable): string {
  return `Illustrative quotes by theme and code — ${table.projectName} (coding by ${table.layerName})`;
}

/**
 * User text made inert inside a Markdown table cell or paragraph: every character that could
 * open Markdown syntax (links and images `[…](…)` / `![…](…)`, emphasis, code spans, headings,
 * strike-through, the cell separator `|`, and what GFM links by itself: `://`, `www.`, `@`,
 * `mailto:`) is backslash-escaped, and so are `<`, `>` and an `&` that would start an entity
 * (`&amp;`, `&#38;`), so no HTML, autolink or entity is formed while the file stays readable as
 * plain text ("Landis & Koch", not "Landis &amp; Koch"); line breaks become `<br>`, since a raw line break would end the
 * table row and let the rest of the text start a row, a heading or a list of its own.
 */
export function markdownText(text: string): string {
  return (
    text
      .replace(/[\\`*_[\]!|~#@<>]/g, (ch) => `\\${ch}`)
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
      // GFM turns bare addresses into links too (`http://…`, `www.…`, `x@y.org`, `mailto:…`).
      .replace(/:(?=\/\/)|(?<=\b(?:mailto|xmpp)):/gi, '\\:')
      .replace(/\b(www)\./gi, '$1\\.')
      .replace(/\r\n?|\n|[\u2028\u2029\u0085\v\f]/g, '<br>')
  );
}

/** " [00:12:31]" after a citation, or nothing without a timeline (holds no Markdown or HTML syntax). */
function timeSuffix(quote: Quote): string {
  const time = quoteTime(quote);
  return time === null ? '' : ` ${time}`;
}

/** The table as GitHub-flavoured Markdown; quotes in one cell are separated by `<br><br>`. */
export function quotesMarkdown(table: QuotesTable): string {
  const lines = [
    `**${markdownText(quotesCaption(table))}**`,
    '',
    '| Theme | Code | Illustrative quotes |',
    '| --- | --- | --- |',
  ];
  for (const theme of table.themes) {
    theme.codes.forEach((code, i) => {
      const quotes = code.quotes
        .map((q) => `“${markdownText(q.text)}” (${markdownText(quoteCitation(q))})${timeSuffix(q)}`)
        .join('<br><br>');
      lines.push(`| ${i === 0 ? markdownText(theme.name) : ''} | ${markdownText(code.name)} | ${quotes} |`);
    });
  }
  if (table.themes.length === 0) lines.push('| — | — | No passages were coded in this layer. |');
  if (table.note.trim() !== '') lines.push('', markdownText(table.note.trim()));
  const leftOut = quotesLeftOut(table);
  if (leftOut !== null) lines.push('', `_${markdownText(leftOut)}_`);
  return `${lines.join('\n')}\n`;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The table as a self-contained, printable HTML page; theme cells span their codes' rows. */
export function quotesHtml(table: QuotesTable): string {
  const rows: string[] = [];
  for (const theme of table.themes) {
    theme.codes.forEach((code, i) => {
      const themeCell =
        i === 0 ? `<th scope="rowgroup" rowspan="${theme.codes.length}">${escapeHtml(theme.name)}</th>` : '';
      const quotes = code.quotes
        .map(
          (q) =>
            `<p class="quote">“${escapeHtml(q.text)}” <span class="source">(${escapeHtml(quoteCitation(q))})${escapeHtml(timeSuffix(q))}</span></p>`,
        )
        .join('');
      rows.push(`<tr>${themeCell}<td class="code">${escapeHtml(code.name)}</td><td>${quotes}</td></tr>`);
    });
  }
  if (rows.length === 0) rows.push('<tr><td colspan="3">No passages were coded in this layer.</td></tr>');
  const caption = quotesCaption(table);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(caption)}</title>
<style>
  body { font-family: Georgia, 'Times New Roman', serif; margin: 2rem; color: #111; }
  table { border-collapse: collapse; width: 100%; }
  caption { text-align: left; font-weight: bold; margin-bottom: 0.5rem; }
  th, td { border-top: 1px solid #999; border-bottom: 1px solid #999; padding: 0.4rem 0.6rem; vertical-align: top; text-align: left; }
  thead th { border-bottom: 2px solid #111; }
  th[scope="rowgroup"] { width: 16%; }
  td.code { width: 18%; font-style: italic; }
  p.quote { margin: 0 0 0.5rem; }
  .source { white-space: nowrap; color: #444; }
  .note { font-size: 0.9rem; color: #444; margin-top: 1rem; }
  @media print { body { margin: 0; } tr { break-inside: avoid; } }
</style>
</head>
<body>
<table>
<caption>${escapeHtml(caption)}</caption>
<thead><tr><th scope="col">Theme</th><th scope="col">Code</th><th scope="col">Illustrative quotes</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
${table.note.trim() === '' ? '' : `<p class="note">${escapeHtml(table.note.trim())}</p>`}
${quotesLeftOut(table) === null ? '' : `<p class="note left-out">${escapeHtml(quotesLeftOut(table)!)}</p>`}
</body>
</html>
`;
}
