import { describe, expect, it } from 'vitest';
import {
  auditActors,
  auditKind,
  describeAudit,
  filterAudit,
  type AuditLine,
} from '../../../client/src/model/auditText.ts';
import type { AuditEntryView } from '../../../shared/schemas.ts';

let n = 0;
function entry(
  action: string,
  details: Record<string, unknown> = {},
  more: Partial<AuditEntryView> = {},
): AuditEntryView {
  n += 1;
  return {
    id: `e${n}`,
    projectId: 'p',
    actorId: 'ana',
    actorName: 'Ana',
    action,
    details,
    createdAt: `2026-03-0${(n % 9) + 1}T10:00:00.000Z`,
    subjectName: null,
    ...more,
  };
}

describe('audit entries in words', () => {
  it('says who changed whose role, from what to what', () => {
    const line = describeAudit(
      entry(
        'member.role',
        { userId: 'ben', role: 'reviewer', previousRole: 'coder' },
        { subjectName: 'Ben' },
      ),
    );
    expect(line.text).toBe("Ana changed Ben's role from coder to reviewer");
    expect(line.kind).toBe('members');
    expect(line.actor).toBe('Ana');
  });

  it('describes membership, invitations, rounds and imports', () => {
    const texts = [
      entry('member.add', { userId: 'ben', role: 'owner' }, { subjectName: 'Ben' }),
      entry('member.remove', { userId: 'ben' }, { subjectName: 'Ben' }),
      entry('invitation.create', { role: 'coder', expiresAt: '2026-04-01T00:00:00.000Z' }),
      entry('invitation.revoke', { role: 'viewer' }),
      entry('invitation.accept', { role: 'coder' }, { actorName: 'Cleo', actorId: 'cleo' }),
      entry('round.blind'),
      entry('round.unblind'),
      entry('documents.import', { documents: 1 }),
      entry('project.import', { file: 'study.qdpx', documents: 3 }),
      entry('code.merge', { recoded: 2 }),
      entry('round.start', { blind: true, documents: 4 }),
      entry('round.close', { roundId: 'r' }),
      entry('assignments.split', { documents: 6 }),
      entry('codebook.version', { version: 3 }),
    ].map((e) => describeAudit(e).text);
    expect(texts).toEqual([
      'Ana added Ben as an owner',
      'Ana removed Ben from the project',
      'Ana created an invitation link for a coder (expires 2026-04-01)',
      'Ana revoked an invitation link for a viewer',
      'Cleo joined through an invitation link as a coder',
      'Ana started a blind round',
      'Ana opened the round',
      'Ana imported 1 document',
      'Ana imported the project from study.qdpx with 3 documents',
      'Ana merged two codes, recoding 2 codings',
      'Ana started a blind round on 4 documents',
      'Ana closed a round',
      'Ana shared out 6 documents to coders',
      'Ana saved codebook version 3',
    ]);
  });

  it('names the documents an import brought in, counting past five', () => {
    const titled = (titles: string[]) =>
      describeAudit(entry('documents.import', { documents: titles.length, titles })).text;
    expect(titled(['interview01'])).toBe('Ana imported “interview01”');
    expect(titled(['interview01', 'interview02'])).toBe('Ana imported “interview01” and “interview02”');
    expect(titled(['a', 'b', 'c'])).toBe('Ana imported “a”, “b” and “c”');
    expect(titled(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe(
      'Ana imported “a”, “b”, “c”, “d”, “e” and 2 more',
    );
    // Entries written before titles were kept still read.
    expect(describeAudit(entry('documents.import', { files: ['x.txt'] })).text).toBe(
      'Ana imported documents',
    );
  });

  it('still reads when people are gone or the action is new', () => {
    expect(describeAudit(entry('member.remove', { userId: 'x' }, { actorName: null })).text).toBe(
      'someone removed someone from the project',
    );
    expect(describeAudit(entry('documents.delete', {}, { actorId: null, actorName: null })).text).toBe(
      'Concord did “documents.delete”',
    );
    expect(auditKind('documents.delete')).toBe('documents');
    expect(auditKind('something.else')).toBe('other');
  });
});

describe('filtering the audit table', () => {
  const lines: AuditLine[] = [
    describeAudit(entry('member.role', { role: 'reviewer', previousRole: 'coder' }, { subjectName: 'Ben' })),
    describeAudit(entry('round.blind', {}, { actorId: 'ben', actorName: 'Ben' })),
    describeAudit(entry('invitation.create', { role: 'coder' })),
  ];

  it('narrows by kind, person and words, each only when given', () => {
    const ids = (f: Parameters<typeof filterAudit>[1]) => filterAudit(lines, f).map((l) => l.id);
    const all = lines.map((l) => l.id);
    expect(ids({ kind: '', actorId: '', text: '' })).toEqual(all);
    expect(ids({ kind: 'round', actorId: '', text: '' })).toEqual([all[1]]);
    expect(ids({ kind: '', actorId: 'ana', text: '' })).toEqual([all[0], all[2]]);
    expect(ids({ kind: '', actorId: '', text: 'BEN reviewer' })).toEqual([all[0]]);
    expect(ids({ kind: 'members', actorId: 'ben', text: '' })).toEqual([]);
  });

  it('offers each actor once, by name', () => {
    expect(auditActors(lines)).toEqual([
      { id: 'ana', name: 'Ana' },
      { id: 'ben', name: 'Ben' },
    ]);
  });
});
