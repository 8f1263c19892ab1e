/**
 * What the Help page says about roles and keys, as data. Pure. The roles table is read off the
 * access rules themselves (`shared/access.ts`), so the page cannot promise what the server refuses.
 */
import { mayAct, roomAccess, seesAllLayers, type AccessSubject } from '../../../shared/access.ts';
import { CONSENSUS } from '../../../shared/protocol.ts';
import type { Role } from '../../../shared/schemas.ts';

/** The roles in the order the page lists them, from most to least rights. */
export const ROLES: readonly Role[] = ['owner', 'reviewer', 'coder', 'viewer'];

/** One thing a member may or may not do, as the Help page's roles table lists it. */
export interface Ability {
  /** Plain words, e.g. "Code transcripts in their own layer". */
  what: string;
  /** Whether each role may; `'if allowed'` when the project's settings decide. */
  by: Record<Role, boolean | 'if allowed'>;
}

const subject = (role: Role): AccessSubject => ({ userId: 'member', role, isAdmin: false });
const OPEN = { blind: false, codersEditText: false };
const BLIND = { blind: true, codersEditText: false };
const text = { kind: 'text', documentId: '_' } as const;

/**
 * The roles table: what each role may do, computed from the access rules for an open and a
 * blind round (and, for editing text, with and without the project letting coders edit it).
 */
export function roleAbilities(): Ability[] {
  const row = (what: string, may: (role: Role) => boolean | 'if allowed'): Ability => ({
    what,
    by: Object.fromEntries(ROLES.map((r) => [r, may(r)])) as Record<Role, boolean | 'if allowed'>,
  });
  const writes = (role: Role, room: Parameters<typeof roomAccess>[1], round = OPEN) =>
    roomAccess(subject(role), room, round) === 'write';
  return [
    row('Read the transcripts and the codebook', (r) => roomAccess(subject(r), text, OPEN) !== 'none'),
    row('Code transcripts in their own layer and mark them done', (r) =>
      writes(r, { kind: 'layer', documentId: '_', coderId: 'member' }),
    ),
    row('See other coders’ codings and the agreement figures in an open round', (r) =>
      mayAct(subject(r), 'readAcrossLayers', OPEN),
    ),
    row('…and while a round is blind', (r) => seesAllLayers(subject(r), BLIND)),
    row('Edit the codebook', (r) => writes(r, { kind: 'codebook', projectId: '_' })),
    row('Fix typos in a transcript', (r) =>
      writes(r, text) ? true : writes(r, text, { ...OPEN, codersEditText: true }) ? 'if allowed' : false,
    ),
    row('Add transcripts', (r) => mayAct(subject(r), 'addDocument', OPEN)),
    row('Review disagreements and write the consensus', (r) =>
      writes(r, { kind: 'layer', documentId: '_', coderId: CONSENSUS }),
    ),
    row('Start and end blind rounds', (r) => mayAct(subject(r), 'changeRound', OPEN)),
    row('Invite members and change their roles', (r) => mayAct(subject(r), 'manageMembers', OPEN)),
  ];
}

/** A key (or keys) and what it does, grouped by where it works. */
export interface Shortcut {
  keys: string[];
  what: string;
}

/** Where shortcuts work, with the keys that work there. */
export interface ShortcutGroup {
  where: string;
  shortcuts: Shortcut[];
}

/**
 * Every keyboard shortcut of the app. Kept beside the key bindings' own modules in review: the
 * transcript (`cc-transcript`, whose recording keys are its `mediaKeymap`), the code palette
 * (`cc-code-palette`) and the codebook tree.
 */
export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    where: 'In a transcript, while coding',
    shortcuts: [
      {
        keys: ['1', '…', '9'],
        what: 'Apply quick code 1 to 9 (the number beside the code) to the selection',
      },
      { keys: ['Alt+1', '…', 'Alt+9'], what: 'The same, also while editing the text' },
      { keys: ['/'], what: 'Jump to the code finder' },
      { keys: ['Shift+arrows'], what: 'Widen or narrow the selection' },
      { keys: ['Ctrl+Z'], what: 'Undo your last change' },
      { keys: ['Ctrl+Shift+Z'], what: 'Redo it (Ctrl+Y works too)' },
    ],
  },
  {
    where: 'In the transcript of a recording',
    shortcuts: [
      { keys: ['Alt+K'], what: 'Play or pause the recording' },
      { keys: ['Alt+J'], what: 'Go back 5 seconds' },
      { keys: ['Alt+,', 'Alt+.'], what: 'Play slower or faster (the speed shows beside the player)' },
      { keys: ['Alt+G'], what: 'Play from the time of the cursor’s line' },
      { keys: ['Alt+T'], what: 'While editing the text: write the time reached as a timestamp, [00:01:02]' },
    ],
  },
  {
    where: 'In the code finder',
    shortcuts: [
      { keys: ['↑', '↓'], what: 'Move through the codes' },
      { keys: ['Enter'], what: 'Apply the highlighted code to the selection' },
      { keys: ['Esc'], what: 'Back to the transcript' },
    ],
  },
  {
    where: 'In the codebook tree',
    shortcuts: [
      { keys: ['↑', '↓'], what: 'Choose the previous or next code' },
      { keys: ['Enter'], what: 'Edit the chosen code’s name' },
      { keys: ['Alt+↑', 'Alt+↓'], what: 'Move the code up or down' },
      { keys: ['Alt+→'], what: 'Nest it under the code above' },
      { keys: ['Alt+←'], what: 'Move it out one level' },
    ],
  },
];
