import { describe, expect, it } from 'vitest';
import { mayAct, presenceDetail, refusal, roomAccess, type AccessSubject } from '../../shared/access.ts';
import type { RoomName } from '../../shared/protocol.ts';
import type { Role } from '../../shared/schemas.ts';

const who = (role: Role | null, userId = 'me', isAdmin = false): AccessSubject => ({ userId, role, isAdmin });
const open = { blind: false, codersEditText: false };
const blind = { blind: true, codersEditText: false };
const text: RoomName = { kind: 'text', documentId: 'd' };
const codebook: RoomName = { kind: 'codebook', projectId: 'p' };
const own: RoomName = { kind: 'layer', documentId: 'd', coderId: 'me' };
const other: RoomName = { kind: 'layer', documentId: 'd', coderId: 'someone' };
const consensus: RoomName = { kind: 'layer', documentId: 'd', coderId: 'consensus' };

describe('roomAccess', () => {
  it('gives non-members nothing and admins everything they need', () => {
    for (const room of [text, codebook, own, other, consensus])
      expect(roomAccess(who(null), room, open)).toBe('none');
    expect(roomAccess(who(null, 'me', true), other, blind)).toBe('read');
    expect(roomAccess(who(null, 'me', true), consensus, blind)).toBe('write');
  });

  it('keeps the text of a PDF document read-only for everyone, and leaves transcripts of recordings editable', () => {
    const editing = { blind: false, codersEditText: true };
    for (const subject of [who('owner'), who('reviewer'), who('coder'), who(null, 'me', true)]) {
      expect(roomAccess(subject, text, editing, { sourceKind: 'pdf' })).toBe('read');
      expect(roomAccess(subject, text, editing, { sourceKind: 'audio' })).toBe('write');
      expect(roomAccess(subject, text, editing, { sourceKind: 'text' })).toBe('write');
    }
    expect(roomAccess(who(null), text, editing, { sourceKind: 'pdf' })).toBe('none');
    // Coding a PDF document is coding, like any other.
    expect(roomAccess(who('coder'), own, editing, { sourceKind: 'pdf' })).toBe('write');
  });

  it('hides other coders and the consensus from a coder in a blind round only', () => {
    expect(roomAccess(who('coder'), other, open)).toBe('read');
    expect(roomAccess(who('coder'), consensus, open)).toBe('read');
    expect(roomAccess(who('coder'), other, blind)).toBe('none');
    expect(roomAccess(who('coder'), consensus, blind)).toBe('none');
    expect(roomAccess(who('coder'), own, blind)).toBe('write');
    expect(roomAccess(who('viewer'), other, blind)).toBe('none');
  });

  it('lets reviewers see every layer and write only the consensus and their own', () => {
    for (const round of [open, blind]) {
      expect(roomAccess(who('reviewer'), other, round)).toBe('read');
      expect(roomAccess(who('reviewer'), consensus, round)).toBe('write');
      expect(roomAccess(who('reviewer'), own, round)).toBe('write');
      expect(roomAccess(who('owner'), other, round)).toBe('read');
    }
  });

  it('keeps transcripts and codebook read-only for coders unless the project allows edits', () => {
    expect(roomAccess(who('coder'), text, open)).toBe('read');
    expect(roomAccess(who('coder'), codebook, open)).toBe('read');
    expect(roomAccess(who('coder'), text, { blind: false, codersEditText: true })).toBe('write');
    expect(roomAccess(who('viewer'), text, { blind: false, codersEditText: true })).toBe('read');
    expect(roomAccess(who('viewer'), own, open)).toBe('read');
    expect(roomAccess(who('reviewer'), text, open)).toBe('write');
  });
});

describe('mayAct', () => {
  it('follows the roles', () => {
    expect(mayAct(who('owner'), 'manageMembers', open)).toBe(true);
    expect(mayAct(who('reviewer'), 'manageMembers', open)).toBe(false);
    expect(mayAct(who('reviewer'), 'changeRound', open)).toBe(true);
    expect(mayAct(who('coder'), 'changeRound', open)).toBe(false);
    expect(mayAct(who('coder'), 'read', blind)).toBe(true);
    expect(mayAct(who('coder'), 'exportAll', blind)).toBe(false);
    expect(mayAct(who('coder'), 'exportAll', open)).toBe(true);
    expect(mayAct(who(null), 'read', open)).toBe(false);
    expect(mayAct(who(null, 'x', true), 'readAudit', open)).toBe(true);
  });
});

describe('managing documents', () => {
  it('is for owners and reviewers, in any round', () => {
    for (const round of [open, blind]) {
      expect(mayAct(who('owner'), 'manageDocuments', round)).toBe(true);
      expect(mayAct(who('reviewer'), 'manageDocuments', round)).toBe(true);
      expect(mayAct(who('coder'), 'manageDocuments', round)).toBe(false);
      expect(mayAct(who('viewer'), 'manageDocuments', round)).toBe(false);
      expect(mayAct(who(null), 'manageDocuments', round)).toBe(false);
      expect(mayAct(who(null, 'x', true), 'manageDocuments', round)).toBe(true);
    }
    // A coder is told it is their role, not the round.
    expect(refusal(who('coder'), 'manageDocuments', blind)).toMatch(/does not allow 'manageDocuments'/);
  });
});

describe('figures across layers in a blind round', () => {
  it('are for those who see every layer only', () => {
    for (const role of ['coder', 'viewer'] as const) {
      expect(mayAct(who(role), 'readAcrossLayers', blind)).toBe(false);
      expect(mayAct(who(role), 'readAcrossLayers', open)).toBe(true);
    }
    for (const role of ['owner', 'reviewer'] as const)
      expect(mayAct(who(role), 'readAcrossLayers', blind)).toBe(true);
    expect(mayAct(who(null, 'x', true), 'readAcrossLayers', blind)).toBe(true);
    expect(mayAct(who(null), 'readAcrossLayers', open)).toBe(false);
  });

  it('are refused naming the blind round, while a missing role is named as such', () => {
    expect(refusal(who('coder'), 'readAcrossLayers', blind)).toMatch(/round is blind/);
    expect(refusal(who('coder'), 'exportAll', blind)).toMatch(/round is blind/);
    expect(refusal(who('coder'), 'manageMembers', blind)).toMatch(/does not allow 'manageMembers'/);
    expect(refusal(who(null), 'readAcrossLayers', blind)).not.toMatch(/blind/);
  });

  it('leave coders and viewers their identity only in presence', () => {
    expect(presenceDetail(who('coder'), blind)).toBe('identity');
    expect(presenceDetail(who('viewer'), blind)).toBe('identity');
    expect(presenceDetail(who('coder'), open)).toBe('full');
    expect(presenceDetail(who('reviewer'), blind)).toBe('full');
  });
});
