import { describe, expect, it } from 'vitest';
import { ROLE_MEANINGS, sentence, withArticle } from '../../../client/src/model/wording.ts';
import { RoleSchema } from '../../../shared/schemas.ts';

describe('shared wording', () => {
  it('puts the right article before a role', () => {
    expect(RoleSchema.options.map(withArticle)).toEqual(['an owner', 'a reviewer', 'a coder', 'a viewer']);
  });

  it('turns a server message into a sentence, once', () => {
    expect(sentence('the current password is wrong')).toBe('The current password is wrong.');
    expect(sentence('Already a sentence.')).toBe('Already a sentence.');
    expect(sentence('is it?')).toBe('Is it?');
  });

  it('explains every role', () => {
    for (const role of RoleSchema.options) expect(ROLE_MEANINGS[role]).toMatch(/^[A-Z].+\.$/);
  });
});
