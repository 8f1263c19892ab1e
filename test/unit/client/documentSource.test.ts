import { describe, expect, it } from 'vitest';
import { documentSource, shownView } from '../../../client/src/model/documentSource.ts';
import type { Document } from '../../../shared/schemas.ts';

const typed: Document = {
  id: 'd1',
  projectId: 'p1',
  title: 'Typed',
  attributes: {},
  order: 0,
  createdAt: '2026-01-01',
};
const pdf: Document = {
  ...typed,
  id: 'd2',
  source: {
    kind: 'pdf',
    mediaType: 'application/pdf',
    fileName: 'r.pdf',
    bytes: 10,
    sha256: 'a'.repeat(64),
    pageCount: 3,
  },
};
const recording: Document = {
  ...typed,
  id: 'd3',
  source: {
    kind: 'audio',
    mediaType: 'audio/mpeg',
    fileName: 'i.mp3',
    bytes: 10,
    sha256: 'b'.repeat(64),
    pageCount: null,
  },
};

describe('how a document is shown', () => {
  it('shows a PDF on its pages unless its text is asked for', () => {
    expect(shownView(documentSource(pdf), null)).toBe('page');
    expect(shownView(documentSource(pdf), undefined)).toBe('page');
    expect(shownView(documentSource(pdf), 'text')).toBe('text');
  });

  it('shows every other document as text, whatever the address asks', () => {
    expect(documentSource(typed)).toBeNull();
    expect(shownView(documentSource(typed), 'page')).toBe('text');
    expect(shownView(documentSource(recording), 'page')).toBe('text');
  });
});
