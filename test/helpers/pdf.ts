/**
 * PDF files written in code for the tests and the benchmark, so no binary fixture is checked in.
 * The syntax is written by hand (ISO 32000-1, §7.5: header, numbered objects, a cross-reference
 * table whose offsets are computed here, trailer) with the standard Helvetica font, which every
 * reader knows without an embedded font program.
 *
 * Two fonts are declared: `F1`, Helvetica in WinAnsiEncoding with two codes remapped through
 * `/Differences` to the glyphs `/fi` and `/fl` (what a typesetter's ligatures look like), and
 * `F2`, Helvetica whose `/ToUnicode` map gives codes 1–5 characters Helvetica has no glyph for:
 * 𠮷 (U+20BB7, outside the Basic Multilingual Plane) and the Hebrew letters of "שלום".
 */

import { once } from 'node:events';
import zlib from 'node:zlib';

/** Byte of `F1` drawn as the ligature glyph "fi" (U+FB01). */
export const FI = '\x01';
/** Byte of `F1` drawn as the ligature glyph "fl" (U+FB02). */
export const FL = '\x02';
/** Bytes of `F2`: 𠮷, then shin, lamed, vav and final mem. */
export const F2_CODES = {
  kanji: '\x01',
  shin: '\x02',
  lamed: '\x03',
  vav: '\x04',
  finalMem: '\x05',
} as const;

/** One run of text drawn with its baseline starting at (x, y), in points from the bottom left. */
export interface PdfText {
  x: number;
  y: number;
  /** Font size in points. */
  size: number;
  /** Bytes in the font's encoding (each character one byte, U+0000–U+00FF). */
  text: string;
  /** 'F1' (default) or 'F2'. */
  font?: 'F1' | 'F2';
}

/** One page: text runs, and optionally a drawn image (a page as a scanner leaves it). */
export interface PdfPage {
  texts: PdfText[];
  image?: boolean;
}

const TO_UNICODE = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Concord-Test def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
5 beginbfchar
<01> <D842DFB7>
<02> <05E9>
<03> <05DC>
<04> <05D5>
<05> <05DD>
endbfchar
endcmap
CMapName currentdict /CMap defineresource pop
end
end`;

/** A PDF string literal: backslash, parentheses escaped; other bytes as they are. */
function literal(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

function contentStream(page: PdfPage): string {
  const ops: string[] = [];
  if (page.image) ops.push('q 400 0 0 500 100 200 cm /Im1 Do Q');
  for (const t of page.texts) {
    ops.push(`BT /${t.font ?? 'F1'} ${t.size} Tf ${t.x} ${t.y} Td ${literal(t.text)} Tj ET`);
  }
  return ops.join('\n');
}

function stream(dict: string, body: string): string {
  return `<< ${dict} /Length ${Buffer.byteLength(body, 'latin1')} >>\nstream\n${body}\nendstream`;
}

/**
 * A PDF of the given pages (612 × 792 pt, US Letter). Objects 1–6 are the catalog, the page
 * tree, the two fonts, the ToUnicode map and a 2 × 2 grey image; each page adds its page object
 * and its content stream.
 */
export function buildPdf(pages: PdfPage[], options: { password?: boolean } = {}): Uint8Array {
  const first = 7;
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${first + 2 * i} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [1 /fi /fl] >> >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 1 /LastChar 5 /Widths [900 600 600 600 600] /ToUnicode 5 0 R >>',
    stream('', TO_UNICODE),
    stream(
      '/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8',
      '\x20\x80\x80\x20',
    ),
  ];
  for (const [i, page] of pages.entries()) {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${first + 2 * i + 1} 0 R ` +
        '/Resources << /Font << /F1 3 0 R /F2 4 0 R >> /XObject << /Im1 6 0 R >> >> >>',
      stream('', contentStream(page)),
    );
  }
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  // A password-protected file: the standard security handler (ISO 32000-1, §7.6.3) with owner
  // and user password hashes no empty password matches, so a reader must ask for the password.
  // The objects are left unencrypted; a reader stops at the password before reading any of them.
  const encrypt = options.password
    ? ` /Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> >> /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>]`
    : '';
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encrypt} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/**
 * Two pages with known text: a heading, a paragraph set in two lines with the ligature glyphs
 * "fi" and "fl" and the word "example" hyphenated at the end of the first line, a second
 * paragraph with a real hyphen and a dash at a line end; then a page with 𠮷 and Hebrew.
 * `TWO_PAGE_TEXT` is what Concord extracts from it.
 */
export function twoPagePdf(): Uint8Array {
  return buildPdf([
    {
      texts: [
        { x: 72, y: 720, size: 18, text: 'Interview one' },
        { x: 72, y: 690, size: 12, text: `The ${FI}rst nurse gave an exam-` },
        { x: 72, y: 676, size: 12, text: `ple of a ${FL}oor routine.` },
        { x: 72, y: 640, size: 12, text: 'A well-known ward -' },
        { x: 72, y: 626, size: 12, text: 'then the night shift.' },
      ],
    },
    {
      texts: [
        { x: 72, y: 720, size: 12, text: 'Page two names' },
        { x: 164, y: 720, size: 12, text: F2_CODES.kanji, font: 'F2' },
        {
          x: 72,
          y: 690,
          size: 12,
          // Drawn left to right, as a right-to-left word is laid out on the page.
          text: F2_CODES.finalMem + F2_CODES.vav + F2_CODES.lamed + F2_CODES.shin,
          font: 'F2',
        },
      ],
    },
  ]);
}

/** The text of {@link twoPagePdf}: pages joined by a blank line. */
export const TWO_PAGE_TEXT = [
  'Interview one\nThe first nurse gave an example of a floor routine.\nA well-known ward - then the night shift.',
  'Page two names 𠮷\nשלום',
];

/** A page that is only a drawn image, as a scanner without OCR leaves it. */
export function scannedPdf(pages = 2): Uint8Array {
  return buildPdf(Array.from({ length: pages }, () => ({ texts: [], image: true })));
}

/** Words the generated paragraphs are made of. */
const WORDS = (
  'the nurse said that our ward was often short of staff at night and we had to ' +
  'decide which patients came first when the alarms rang together'
).split(' ');

/**
 * `pages` pages of generated paragraphs (four paragraphs of ten lines of about twelve words per
 * page, no hyphenation), and the text Concord extracts from each page.
 */
export function manyPagePdf(pages: number): { pdf: Uint8Array; pageTexts: string[] } {
  const specs: PdfPage[] = [];
  const pageTexts: string[] = [];
  let w = 0;
  for (let p = 0; p < pages; p++) {
    const texts: PdfText[] = [];
    const paragraphs: string[] = [];
    let y = 740;
    for (let para = 0; para < 4; para++) {
      const lines: string[] = [];
      for (let l = 0; l < 10; l++) {
        const count = 11 + ((p + para + l) % 3);
        const line = Array.from({ length: count }, () => WORDS[w++ % WORDS.length]).join(' ');
        lines.push(line);
        texts.push({ x: 72, y, size: 10, text: line });
        y -= 12;
      }
      paragraphs.push(lines.join(' '));
      y -= 18;
    }
    specs.push({ texts });
    pageTexts.push(paragraphs.join('\n'));
  }
  return { pdf: buildPdf(specs), pageTexts };
}

/**
 * A one-page PDF whose content stream shows `spaces` spaces, Flate-compressed: a few hundred KB
 * that PDF.js decodes into `spaces` bytes and more (a decompression bomb). The spaces are streamed
 * through the compressor, so the test never holds them either.
 */
export async function flateBombPdf(spaces: number): Promise<Uint8Array> {
  const deflater = zlib.createDeflate({ level: 9 });
  const compressed: Buffer[] = [];
  deflater.on('data', (c: Buffer) => compressed.push(c));
  const ended = once(deflater, 'end');
  deflater.write(Buffer.from('BT /F1 12 Tf 72 720 Td (', 'latin1'));
  const chunk = Buffer.alloc(2 ** 20, 0x20);
  for (let left = spaces; left > 0; left -= chunk.length) {
    if (!deflater.write(left >= chunk.length ? chunk : chunk.subarray(0, left)))
      await once(deflater, 'drain');
  }
  deflater.end(Buffer.from(') Tj ET', 'latin1'));
  await ended;
  const stream = Buffer.concat(compressed);
  const objects: Buffer[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ].map((o) =>
    o === null
      ? Buffer.concat([
          Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
          stream,
          Buffer.from('\nendstream', 'latin1'),
        ])
      : Buffer.from(o, 'latin1'),
  );
  const out: Buffer[] = [Buffer.from('%PDF-1.4\n', 'latin1')];
  let length = out[0]!.length;
  const offsets = objects.map((object, i) => {
    const at = length;
    const piece = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      object,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    out.push(piece);
    length += piece.length;
    return at;
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  out.push(Buffer.from(xref, 'latin1'));
  return new Uint8Array(Buffer.concat(out));
}
