/**
 * The font files PDF.js draws the 14 standard PDF fonts (Helvetica, Times, Courier, Symbol, …)
 * with when a PDF names them without embedding them, as PDFs written by many tools do. Bundled by
 * Vite as files of their own (fetched only when a page needs one), and handed to PDF.js through
 * its `BinaryDataFactory` option, since each bundled file has its own hashed URL rather than one
 * folder PDF.js could be pointed at.
 */
const FONT_URLS = import.meta.glob('../../../../node_modules/pdfjs-dist/standard_fonts/*.{pfb,ttf}', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const BY_NAME = new Map(
  Object.entries(FONT_URLS).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url]),
);

/**
 * PDF.js's `BinaryDataFactory`: answers the standard fonts from the bundle; CMaps (for PDFs with
 * Chinese, Japanese or Korean text in predefined encodings) and WebAssembly decoders are not
 * bundled, and PDF.js falls back as it does without them.
 */
export class BundledFontData {
  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const url = kind === 'standardFontDataUrl' ? BY_NAME.get(filename) : undefined;
    if (!url) throw new Error(`No bundled ${kind} file ${filename}`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`Font ${filename} could not be read (${response.status})`);
    return new Uint8Array(await response.arrayBuffer());
  }
}
