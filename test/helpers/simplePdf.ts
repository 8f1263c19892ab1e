/**
 * Writes small text PDFs for tests and benchmarks: each page a list of lines set in Helvetica
 * (a standard font, so nothing is embedded), one text object per line, top to bottom. Text is
 * Latin-1 (WinAnsi); the ligature ﬁ is not in it, so ligatures are tested on PDF.js items directly.
 */

/** Page size (US Letter) and layout, in PDF units (1/72 in). */
const WIDTH = 612;
const HEIGHT = 792;
const MARGIN = 72;
const FONT_SIZE = 12;
const LEADING = 16;

/** A PDF whose page `i` shows `pages[i]`, one string per line. */
export function simplePdf(pages: readonly (readonly string[])[]): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  add('<< /Type /Catalog /Pages 2 0 R >>');
  const pageIds = pages.map((_, i) => 4 + i * 2);
  add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  pages.forEach((lines, i) => {
    const content = lines
      .map(
        (line, n) =>
          `BT /F1 ${FONT_SIZE} Tf ${MARGIN} ${HEIGHT - MARGIN - n * LEADING} Td (${escape(line)}) Tj ET`,
      )
      .join('\n');
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${WIDTH} ${HEIGHT}] ` +
        `/Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`,
    );
    add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

function escape(line: string): string {
  return line.replace(/[\\()]/g, (c) => `\\${c}`);
}
