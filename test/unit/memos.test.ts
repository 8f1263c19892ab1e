/**
 * Memos as pure rules and data: who may read, write and delete a memo (open and blind rounds),
 * the list's filter and excerpt, memo room names, the memos page's address, and which memo
 * "Memo" on a document or code opens.
 */
import { describe, expect, it } from 'vitest';
import { parseRoute, routeUrl, type Route } from '../../client/src/model/route.ts';
import { describeAudit } from '../../client/src/model/auditText.ts';
import { linkNames, memoToOpen } from '../../client/src/model/memos.ts';
import {
  mayCreateMemo,
  mayDeleteMemo,
  memoAccess,
  roomAccess,
  type AccessSubject,
} from '../../shared/access.ts';
import { memoExcerpt, memoMatches, type FilterableMemo } from '../../shared/memos/listing.ts';
import { CreateMemoBodySchema, type MemoSummary } from '../../shared/memos/schemas.ts';
import { parseRoomName, roomName } from '../../shared/protocol.ts';
import type { Role } from '../../shared/schemas.ts';

const who = (role: Role | null, userId = 'me', isAdmin = false): AccessSubject => ({ userId, role, isAdmin });
const by = (role: Role | null, userId: string, isAdmin = false) => ({ author: who(role, userId, isAdmin) });
const open = { blind: false, codersEditText: false };
const blind = { blind: true, codersEditText: false };

describe('memo access', () => {
  it('lets members read, viewers only read, and everyone else write, in an open round', () => {
    for (const memo of [by('coder', 'other'), by('owner', 'boss'), by('coder', 'me')]) {
      expect(memoAccess(who('coder'), memo, open)).toBe('write');
      expect(memoAccess(who('reviewer'), memo, open)).toBe('write');
      expect(memoAccess(who('viewer'), memo, open)).toBe('read');
      expect(memoAccess(who(null), memo, open)).toBe('none');
    }
    expect(mayCreateMemo(who('viewer'))).toBe(false);
    expect(mayCreateMemo(who('coder'))).toBe(true);
    expect(mayCreateMemo(who(null, 'me', true))).toBe(true);
  });

  it('shows a blind coder their own memos and owners’ and reviewers’ (read-only), nothing of other coders', () => {
    expect(memoAccess(who('coder'), by('coder', 'me'), blind)).toBe('write');
    expect(memoAccess(who('coder'), by('coder', 'other'), blind)).toBe('none');
    expect(memoAccess(who('coder'), by('owner', 'boss'), blind)).toBe('read');
    expect(memoAccess(who('coder'), by('reviewer', 'rev'), blind)).toBe('read');
    expect(memoAccess(who('coder'), by(null, 'admin', true), blind)).toBe('read');
    // An author no longer in the project is nobody a blind coder may read.
    expect(memoAccess(who('coder'), by(null, 'gone'), blind)).toBe('none');
    expect(memoAccess(who('viewer'), by('owner', 'boss'), blind)).toBe('read');
    expect(memoAccess(who('viewer'), by('coder', 'other'), blind)).toBe('none');
    expect(memoAccess(who('reviewer'), by('coder', 'other'), blind)).toBe('write');
    expect(memoAccess(who('owner'), by('coder', 'other'), blind)).toBe('write');
  });

  it('decides memo rooms by the memo’s author, and refuses a memo room without one', () => {
    const room = parseRoomName(roomName.memo('p1', 'm1'))!;
    expect(room).toEqual({ kind: 'memo', projectId: 'p1', memoId: 'm1' });
    expect(roomAccess(who('coder'), room, blind, by('owner', 'boss'))).toBe('read');
    expect(roomAccess(who('coder'), room, blind, by('coder', 'other'))).toBe('none');
    expect(roomAccess(who('coder'), room, open)).toBe('none');
    expect(parseRoomName('memo:p1')).toBeNull();
    expect(parseRoomName('memo:p1:m1:x')).toBeNull();
  });

  it('lets the author, owners and reviewers delete a memo they may write', () => {
    expect(mayDeleteMemo(who('coder'), by('coder', 'me'), open)).toBe(true);
    expect(mayDeleteMemo(who('coder'), by('coder', 'other'), open)).toBe(false);
    expect(mayDeleteMemo(who('reviewer'), by('coder', 'other'), blind)).toBe(true);
    expect(mayDeleteMemo(who('viewer'), by('viewer', 'me'), open)).toBe(false);
  });
});

describe('memo list', () => {
  const memo = (over: Partial<FilterableMemo> = {}): FilterableMemo => ({
    kind: 'document',
    title: 'Night shifts',
    body: 'Nurses describe Fatigue 😀 and rota gaps.',
    links: { codes: ['k1'], documents: [], passages: [{ documentId: 'd2', start: 1, end: 4 }] },
    ...over,
  });

  it('matches every word in the title or body, case-insensitively, and filters by kind, code and document', () => {
    expect(memoMatches(memo(), { q: 'fatigue NIGHT' })).toBe(true);
    expect(memoMatches(memo(), { q: 'fatigue beds' })).toBe(false);
    expect(memoMatches(memo(), { q: '   ' })).toBe(true);
    expect(memoMatches(memo(), { kind: 'code' })).toBe(false);
    expect(memoMatches(memo(), { code: 'k1' })).toBe(true);
    expect(memoMatches(memo(), { code: 'k2' })).toBe(false);
    expect(memoMatches(memo(), { document: 'd2' })).toBe(true);
    expect(memoMatches(memo(), { document: 'd1' })).toBe(false);
  });

  it('cuts the excerpt at 200 code points, an emoji counting as one, with white space collapsed', () => {
    expect(memoExcerpt('  a\n\n b\tc ')).toBe('a b c');
    const long = '😀'.repeat(250);
    expect([...memoExcerpt(long)]).toHaveLength(200);
    expect(memoExcerpt(long).endsWith('…')).toBe(true);
  });

  it('refuses a document memo without its document and a code memo without its code', () => {
    expect(CreateMemoBodySchema.safeParse({ kind: 'document', title: 'x' }).success).toBe(false);
    expect(
      CreateMemoBodySchema.safeParse({ kind: 'code', title: 'x', links: { codes: ['k'] } }).success,
    ).toBe(true);
    expect(CreateMemoBodySchema.safeParse({ kind: 'project', title: '  ' }).success).toBe(false);
    const backwards = {
      kind: 'project',
      title: 'x',
      links: { passages: [{ documentId: 'd', start: 5, end: 5 }] },
    };
    expect(CreateMemoBodySchema.safeParse(backwards).success).toBe(false);
  });
});

describe('memos page', () => {
  it('round-trips its addresses', () => {
    const routes: Route[] = [
      { name: 'memos', projectId: 'p1', memoId: null, document: null, code: null },
      { name: 'memos', projectId: 'p1', memoId: 'm_1', document: null, code: null },
      { name: 'memos', projectId: 'p1', memoId: null, document: 'd1', code: null },
      { name: 'memos', projectId: 'p1', memoId: null, document: null, code: 'k-1' },
    ];
    for (const route of routes) {
      const url = new URL(routeUrl(route), 'http://x');
      expect(parseRoute(url.pathname, url.search)).toEqual(route);
    }
    expect(parseRoute('/projects/p1/memos', '?document=../x')).toMatchObject({ document: null });
  });

  const summary = (id: string, authorId: string, over: Partial<MemoSummary> = {}): MemoSummary => ({
    id,
    kind: 'document',
    title: id,
    authorId,
    authorName: authorId,
    links: { codes: [], documents: ['d1'], passages: [] },
    createdAt: '',
    updatedAt: '',
    excerpt: '',
    ...over,
  });

  it('opens the user’s own memo on a document, else one they may write, else none', () => {
    const memos = [
      summary('theirs', 'other'),
      summary('mine', 'me'),
      summary('elsewhere', 'me', { links: { codes: [], documents: ['d2'], passages: [] } }),
    ];
    expect(memoToOpen(memos, { kind: 'document', id: 'd1' }, 'me', () => true)?.id).toBe('mine');
    expect(memoToOpen(memos.slice(0, 1), { kind: 'document', id: 'd1' }, 'me', () => true)?.id).toBe(
      'theirs',
    );
    expect(memoToOpen(memos.slice(0, 1), { kind: 'document', id: 'd1' }, 'me', () => false)).toBeNull();
    expect(memoToOpen(memos, { kind: 'code', id: 'd1' }, 'me', () => true)).toBeNull();
  });

  it('names links by document title and code name, deleted ones as such', () => {
    const m = summary('m', 'me', {
      links: { codes: ['k1', 'gone'], documents: ['d1'], passages: [{ documentId: 'd1', start: 0, end: 1 }] },
    });
    expect(
      linkNames(m, {
        document: (id) => (id === 'd1' ? 'Nurse 1' : null),
        code: (id) => (id === 'k1' ? 'Beds' : null),
      }),
    ).toEqual(['Nurse 1', 'Beds', 'a deleted code']);
  });

  it('tells memo changes in the audit log in words', () => {
    const line = (action: string, details: Record<string, unknown>) =>
      describeAudit({
        id: 'e1',
        projectId: 'p',
        actorId: 'ana',
        actorName: 'Ana',
        subjectName: null,
        action,
        details,
        createdAt: '2026-03-01T10:00:00.000Z',
      }).text;
    expect(line('memo.create', { title: 'Beds' })).toBe('Ana started the memo “Beds”');
    expect(line('memo.update', { from: 'Beds', to: 'Beds, again' })).toBe(
      'Ana changed the memo “Beds, again”',
    );
    expect(line('memo.delete', { title: 'Beds' })).toBe('Ana deleted the memo “Beds”');
  });
});
