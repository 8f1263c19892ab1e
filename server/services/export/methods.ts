/**
 * The methods section (shared/rounds/methods.ts) as Markdown and as a self-contained HTML page.
 * Layout only: every figure is the document model's text, so both formats (and Word) agree.
 */
import type { MethodsDocument } from '../../../shared/rounds/methods.ts';
import { escapeHtml, markdownText } from './quotes.ts';

/** GitHub-flavoured Markdown: title, paragraphs, the rounds table with its notes, references. */
export function methodsMarkdown(doc: MethodsDocument): string {
  const { table } = doc;
  const lines = [`## ${markdownText(doc.title)}`, ''];
  for (const p of doc.paragraphs) lines.push(markdownText(p), '');
  lines.push(`**${markdownText(table.caption)}**`, '');
  lines.push(`| ${table.header.map(markdownText).join(' | ')} |`);
  lines.push(`| ${table.header.map(() => '---').join(' | ')} |`);
  for (const row of table.rows) lines.push(`| ${row.map(markdownText).join(' | ')} |`);
  if (table.rows.length === 0) lines.push(`| ${table.header.map(() => '—').join(' | ')} |`);
  lines.push('');
  for (const note of table.notes) lines.push(`_${markdownText(note)}_`, '');
  lines.push('### References', '');
  for (const ref of doc.references) lines.push(`- ${markdownText(ref)}`);
  return `${lines.join('\n')}\n`;
}

/** A printable HTML page with the same content. */
export function methodsHtml(doc: MethodsDocument): string {
  const { table } = doc;
  const head = table.header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const rows = table.rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(doc.title)}</title>
<style>
body { font-family: Georgia, serif; max-width: 60rem; margin: 2rem auto; line-height: 1.5; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border-top: 1px solid #999; border-bottom: 1px solid #999; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
caption { text-align: left; font-weight: bold; margin-bottom: 0.5rem; }
.note { font-style: italic; font-size: 0.85rem; }
</style>
</head>
<body>
<h2>${escapeHtml(doc.title)}</h2>
${doc.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<table>
<caption>${escapeHtml(table.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
${table.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}
<h3>References</h3>
<ul>
${doc.references.map((r) => `<li>${escapeHtml(r)}</li>`).join('\n')}
</ul>
</body>
</html>
`;
}
