/** Pure parts of finding your way: citation numbers, listed layers, Help's roles, form errors, plain notes. */
import { describe, expect, it } from 'vitest';
import { dashboardNotes, plainNote, unitInWords } from '../../../client/src/model/agreementNotes.ts';
import {
  missingFields,
  PROJECT_WORDS,
  refusedFields,
  TRANSCRIPT_WORDS,
} from '../../../client/src/model/fieldErrors.ts';
import { ROLES, roleAbilities, SHORTCUTS } from '../../../client/src/model/help.ts';
import { listedLayers } from '../../../client/src/model/layers.ts';
import { citationNumbers } from '../../../client/src/model/transcript.ts';
import { mayAct, seesAllLayers } from '../../../shared/access.ts';
import { CONSENSUS } from '../../../shared/protocol.ts';
import type { Role } from '../../../shared/schemas.ts';

describe('citation numbers in the transcript margin', () => {
  it('numbers paragraphs, not blank lines', () => {
    const lines = ['First paragraph.', '', 'Second, over', 'two lines.', '', '', 'Third.', ''];
    expect([...citationNumbers(lines)]).toEqual([1, 0, 2, 0, 0, 0, 3, 0]);
  });

  it('numbers each speaker turn, also without blank lines between turns', () => {
    const lines = ['Interviewer: How did it go?', 'Nurse: Busy.', 'We learnt a lot.', 'Interviewer: Why?'];
    expect([...citationNumbers(lines)]).toEqual([1, 2, 0, 3]);
  });

  it('does not take a time or a long sentence with a colon for a speaker', () => {
    const lines = ['At 10:30 we met.', 'The thing I would say to anyone starting: wait.', '', 'P1: Yes.'];
    expect([...citationNumbers(lines)]).toEqual([1, 0, 0, 2]);
  });

  it('counts a transcript of blank lines as nothing', () => {
    expect([...citationNumbers(['', '   ', ''])]).toEqual([0, 0, 0]);
    expect([...citationNumbers([''])]).toEqual([0]);
  });
});

describe('layers listed in the coding view', () => {
  const roles = new Map<string, Role>([
    ['coder-a', 'coder'],
    ['coder-b', 'coder'],
    ['owner', 'owner'],
    ['reviewer', 'reviewer'],
    ['viewer', 'viewer'],
  ]);
  const all = ['coder-a', 'owner', 'reviewer', 'coder-b', CONSENSUS];

  it('lists coders and the consensus, not members who never coded', () => {
    const facts = { roles, codings: new Map<string, number>(), done: () => false };
    expect(listedLayers(all, facts)).toEqual(['coder-a', 'coder-b', CONSENSUS]);
  });

  it('lists anyone whose layer holds codings or a done mark, in the given order', () => {
    const facts = { roles, codings: new Map([['reviewer', 2]]), done: (l: string) => l === 'owner' };
    expect(listedLayers(all, facts)).toEqual(['coder-a', 'owner', 'reviewer', 'coder-b', CONSENSUS]);
  });
});

describe('Help: roles', () => {
  const rows = roleAbilities();
  const row = (what: string) => rows.find((r) => r.what.startsWith(what))!.by;
  const subject = (role: Role) => ({ userId: 'u', role, isAdmin: false });

  it('agrees with the access rules for every role', () => {
    for (const role of ROLES) {
      const open = { blind: false, codersEditText: false };
      expect(row('Add transcripts')[role]).toBe(mayAct(subject(role), 'addDocument', open));
      expect(row('Start and end blind rounds')[role]).toBe(mayAct(subject(role), 'changeRound', open));
      expect(row('Invite members')[role]).toBe(mayAct(subject(role), 'manageMembers', open));
      expect(row('…and while a round is blind')[role]).toBe(
        seesAllLayers(subject(role), { blind: true, codersEditText: false }),
      );
    }
  });

  it('says who codes, who writes the consensus, and that coders fix typos only if allowed', () => {
    expect(row('Code transcripts')).toEqual({ owner: true, reviewer: true, coder: true, viewer: false });
    expect(row('Review disagreements')).toEqual({ owner: true, reviewer: true, coder: false, viewer: false });
    expect(row('Fix typos')).toEqual({ owner: true, reviewer: true, coder: 'if allowed', viewer: false });
  });

  it('lists the quick-code keys and undo among the shortcuts', () => {
    const keys = SHORTCUTS.flatMap((g) => g.shortcuts.flatMap((s) => s.keys));
    expect(keys).toEqual(expect.arrayContaining(['1', '9', 'Alt+1', '/', 'Ctrl+Z', 'Ctrl+Shift+Z', 'Esc']));
  });

  it('lists the recording keys, each once and none taken by another shortcut', () => {
    const keys = SHORTCUTS.flatMap((g) => g.shortcuts.flatMap((s) => s.keys)).filter((k) => k !== '…');
    expect(keys).toEqual(expect.arrayContaining(['Alt+K', 'Alt+J', 'Alt+,', 'Alt+.', 'Alt+G', 'Alt+T']));
    const recording = SHORTCUTS.find((g) => g.where === 'In the transcript of a recording')!;
    const transcript = SHORTCUTS.find((g) => g.where === 'In a transcript, while coding')!;
    const taken = new Set(transcript.shortcuts.flatMap((s) => s.keys));
    expect(recording.shortcuts.flatMap((s) => s.keys).filter((k) => taken.has(k))).toEqual([]);
  });
});

describe('form errors at the field', () => {
  it('names each blank required field in the form’s words', () => {
    expect(missingFields({ title: '  ', text: '' }, ['title', 'text'], TRANSCRIPT_WORDS)).toEqual({
      fields: {
        title: 'Give the transcript a title (up to 500 characters).',
        text: 'Paste the transcript’s text (up to 5,000,000 characters).',
      },
      form: null,
    });
    expect(missingFields({ title: 'T', text: 'x' }, ['title', 'text'], TRANSCRIPT_WORDS).fields).toEqual({});
  });

  it('puts a schema’s refusal at its field in plain words, never "invalid document"', () => {
    const refusal = {
      message: 'invalid document',
      issues: [
        { path: ['title'], message: 'Too small: expected string to have >=1 characters', code: 'too_small' },
      ],
    };
    expect(refusedFields(refusal, TRANSCRIPT_WORDS)).toEqual({
      fields: { title: 'Give the transcript a title (up to 500 characters).' },
      form: null,
    });
  });

  it('keeps the server’s own words for its own checks', () => {
    const refusal = {
      message: 'pasted text looks like a binary file, not text',
      issues: [{ path: ['text'], message: 'this looks like a binary file, not text', code: 'validation' }],
    };
    expect(refusedFields(refusal, TRANSCRIPT_WORDS).fields).toEqual({
      text: 'This looks like a binary file, not text.',
    });
  });

  it('says a refusal no field explains above the form, without a bare "invalid …"', () => {
    expect(refusedFields({ message: 'invalid project', issues: [] }, PROJECT_WORDS)).toEqual({
      fields: {},
      form: 'The project was not created.',
    });
    expect(refusedFields({ message: 'the server is busy', issues: [] }, PROJECT_WORDS).form).toBe(
      'The project was not created. The server is busy.',
    );
    const elsewhere = { message: 'invalid project', issues: [{ path: ['description'], message: 'Too big' }] };
    expect(refusedFields(elsewhere, PROJECT_WORDS)).toEqual({
      fields: {},
      form: 'The project was not created.',
    });
  });
});

describe('agreement notes in plain words', () => {
  it('drops the report’s field names and reads alpha_u as α_u', () => {
    expect(
      plainNote(
        'The overall α counts each decision as a yes/no item (overall.krippendorffAlpha); the pooled κ combines the codes as De Vries et al. (2008) describe (overall.pooledKappa).',
      ),
    ).toBe(
      'The overall α counts each decision as a yes/no item; the pooled κ combines the codes as De Vries et al. (2008) describe.',
    );
    expect(plainNote('not computed: the unit of analysis is unitizing (see alphaU)')).toBe(
      'not computed: the unit of analysis is unitizing (see α_u)',
    );
    expect(plainNote('per-document alpha_u is reported with --unit unitizing')).toBe(
      'per-document α_u is reported when the unit of analysis is unitizing',
    );
  });

  it('agrees "(s)" plurals with their count', () => {
    expect(plainNote('1 document(s) were completed by fewer than two coders.')).toBe(
      '1 document was completed by fewer than two coders.',
    );
    expect(plainNote('3 zero-length coding(s) were ignored.')).toBe('3 zero-length codings were ignored.');
    expect(plainNote("Exclusive group 'x': on 1 code point(s) a coder applied several")).toBe(
      "Exclusive group 'x': on 1 code point a coder applied several",
    );
  });

  it('adds codings on deleted text, and describes each unit of analysis', () => {
    expect(dashboardNotes({ caveats: [], warnings: [] }, 1)).toEqual([
      '1 coding points at deleted text and is left out.',
    ]);
    expect(dashboardNotes({ caveats: [], warnings: [] }, 0)).toEqual([]);
    expect(unitInWords('segment', 'turn')).toContain('speaker turns');
    expect(unitInWords('unitizing', 'paragraph')).toMatch(/^Unitizing: Krippendorff’s α_u/);
  });
});
