import { describe, expect, it } from 'vitest';
import { resolveLayer, type LayerCandidate } from '../../../cli/transfer/layer.ts';
import { CommandError } from '../../../cli/transfer/remote.ts';

const members: LayerCandidate[] = [
  { userId: 'u-ana', name: 'Ana Lima', email: 'ana@example.org' },
  { userId: 'u-sam1', name: 'Sam Reed', email: 'sam.reed@example.org' },
  { userId: 'u-sam2', name: 'sam  reed', email: 'sreed@example.net' },
  { userId: 'u-jo', name: 'Jo', email: 'jo@example.org' },
];

describe('--layer: a coder by name, e-mail address or id', () => {
  it('takes an id as it is, and "consensus" in any case', () => {
    expect(resolveLayer('u-ana', members)).toBe('u-ana');
    expect(resolveLayer('Consensus', members)).toBe('consensus');
  });

  it('finds a member by e-mail address or name, ignoring case and spacing', () => {
    expect(resolveLayer('ANA@example.org', members)).toBe('u-ana');
    expect(resolveLayer('  ana   LIMA ', members)).toBe('u-ana');
    expect(resolveLayer('jo', members)).toBe('u-jo');
    expect(resolveLayer('sreed@example.net', members)).toBe('u-sam2');
  });

  it('refuses a name two members share, listing both', () => {
    let error: unknown;
    try {
      resolveLayer('Sam Reed', members);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toBe(
      "--layer 'Sam Reed': 2 members have this name; give the e-mail address or id instead",
    );
    expect((error as CommandError).details).toEqual([
      'Sam Reed <sam.reed@example.org> (id u-sam1)',
      'sam  reed <sreed@example.net> (id u-sam2)',
    ]);
  });

  it('refuses what matches nobody and is no id, listing who may be given', () => {
    expect(() => resolveLayer('Ana Smith', members)).toThrow(
      /--layer 'Ana Smith': no member of this project has this name, e-mail address or id/,
    );
    expect(() => resolveLayer('nobody@example.org', members)).toThrow(CommandError);
  });

  it("passes on an id-shaped value nobody matches: a former member's layer keeps its id", () => {
    expect(resolveLayer('u-gone', members)).toBe('u-gone');
  });
});
