/** The one rule for who is a rater of which document (shared/interchange/raters.ts). */
import { describe, expect, it } from 'vitest';
import type { PortableProject } from '../../../shared/interchange/portable.ts';
import { agreementCoders, completionOf, ratersByDocument } from '../../../shared/interchange/raters.ts';

const coder = (key: string, consensus = false) => ({ key, name: key, externalId: null, consensus });
const doc = (key: string) => ({ key, title: key, text: 'Some text here.', attributes: {}, createdAt: null });
const coding = (key: string, document: string, who: string) => ({
  key,
  document,
  coder: who,
  code: 'c',
  start: 0,
  end: 4,
  memo: '',
  createdAt: '2024-01-01T00:00:00.000Z',
});

function project(completed: PortableProject['completed']): PortableProject {
  return {
    name: 'p',
    description: '',
    coders: [coder('ann'), coder('bo'), coder('silent'), coder('consensus', true)],
    codes: [{ key: 'c', name: 'C', parent: null, color: '#000000', description: '' }],
    documents: [doc('d1'), doc('d2')],
    codings: [coding('1', 'd1', 'ann'), coding('2', 'd1', 'bo'), coding('3', 'd2', 'consensus')],
    completed,
  };
}

describe('raters', () => {
  it('without a record: whoever coded in the project rates every document; no one else does', () => {
    expect(ratersByDocument(project(null))).toEqual({ d1: ['ann', 'bo'], d2: ['ann', 'bo'] });
    expect(completionOf(project(null))).toEqual({ d1: ['ann', 'bo'], d2: ['ann', 'bo'] });
    expect(agreementCoders(project(null))).toEqual(['ann', 'bo']);
  });

  it('with a record: exactly who marked the document completed, consensus never a rater', () => {
    const p = project({ d1: ['consensus', 'bo', 'silent'], d2: [] });
    expect(completionOf(p)).toEqual({ d1: ['bo', 'silent', 'consensus'], d2: [] });
    expect(ratersByDocument(p)).toEqual({ d1: ['bo', 'silent'], d2: [] });
    // Ann coded but completed nothing: she takes part, missing from every document.
    expect(agreementCoders(p)).toEqual(['ann', 'bo', 'silent']);
  });
});
