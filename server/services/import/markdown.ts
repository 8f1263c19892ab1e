/**
 * Markdown to the plain text a transcript is coded on: markup goes (emphasis, links, headings'
 * hashes), words stay, blocks become paragraphs. `**Interviewer:** …` becomes `Interviewer: …`,
 * so transcript layouts are recognised afterwards.
 */
import { Lexer, type Token } from 'marked';

const HTML_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return HTML_ENTITIES[body.toLowerCase()] ?? match;
  });
}

function inline(tokens: readonly Token[] | undefined): string {
  return (tokens ?? [])
    .map((token) => {
      switch (token.type) {
        case 'text':
          return 'tokens' in token && token.tokens ? inline(token.tokens) : decodeHtmlEntities(token.text);
        case 'escape':
        case 'codespan':
          return token.text;
        case 'br':
          return '\n';
        case 'image':
          return token.text;
        case 'html':
          // Inline tags go; what they enclose is a sibling token and stays.
          return '';
        default:
          return 'tokens' in token && token.tokens ? inline(token.tokens) : (token.raw ?? '');
      }
    })
    .join('');
}

function block(token: Token): string[] {
  switch (token.type) {
    case 'space':
    case 'hr':
      return [];
    case 'heading':
    case 'paragraph':
      return [inline(token.tokens)];
    case 'text':
      return ['tokens' in token && token.tokens ? inline(token.tokens) : decodeHtmlEntities(token.text)];
    case 'code':
      return [token.text];
    case 'blockquote':
      return (token.tokens ?? []).flatMap(block);
    case 'list':
      return [
        (token.items as Token[])
          .map((item, i) => {
            const marker = token.ordered ? `${Number(token.start || 1) + i}. ` : '- ';
            return marker + ('tokens' in item && item.tokens ? item.tokens.flatMap(block).join('\n') : '');
          })
          .join('\n'),
      ];
    case 'table': {
      const row = (cells: { tokens: Token[] }[]) => cells.map((c) => inline(c.tokens)).join(' | ');
      return [[row(token.header), ...(token.rows as { tokens: Token[] }[][]).map(row)].join('\n')];
    }
    case 'html':
      return [token.text.replace(/<[^>]*>/g, '').trim()].filter((t) => t !== '');
    default:
      return 'tokens' in token && token.tokens ? [inline(token.tokens)] : [token.raw];
  }
}

/** Converts Markdown to plain text, blocks separated by blank lines. */
export function markdownToText(markdown: string): string {
  return Lexer.lex(markdown)
    .flatMap(block)
    .filter((b) => b.trim() !== '')
    .join('\n\n');
}
