/**
 * Who may read or write what: pure rules over a user's role and the project's round settings,
 * used by the server on every REST route and sync room, and by the client to shape its views.
 */
import { CONSENSUS, isRecodeLayer, layerOwner, type RoomName } from './protocol.ts';
import type { Role } from './schemas.ts';
import type { SourceKind } from './sources.ts';

/** What a user may do with a room or resource. */
export type Access = 'none' | 'read' | 'write';

/** The facts access depends on. */
export interface AccessSubject {
  userId: string;
  /** The user's role in the project; null when not a member. */
  role: Role | null;
  /** Server administrators may do everything. */
  isAdmin: boolean;
}

export interface RoundSettings {
  blind: boolean;
  codersEditText: boolean;
}

const canReview = (s: AccessSubject): boolean => s.isAdmin || s.role === 'owner' || s.role === 'reviewer';

/**
 * What access to a document's text room depends on besides the reader: what the document was made
 * from (absent: typed text).
 */
export interface TextFacts {
  sourceKind: SourceKind;
}

/**
 * Access to a sync room of a project.
 * - codebook and transcripts: owners and reviewers write; coders write only when the project lets
 *   them edit text, else read; viewers read. The text of a PDF document (`facts.sourceKind`
 *   `pdf`) is read-only for everyone: the page view maps selections on the PDF's pages to its
 *   positions, which an edit would shift (docs/sources.md). A recording's transcript is edited
 *   like any other.
 * - a memo room is decided by `facts` (its author's standing, `MemoFacts`): see `memoAccess`.
 * - a coder's own layer, and their recode layers: they write them (any role but viewer).
 * - other coders' layers and the consensus: owners and reviewers read others' and write consensus;
 *   coders and viewers read them in an open round and see nothing of them in a blind one.
 */
export function roomAccess(
  subject: AccessSubject,
  room: RoomName,
  round: RoundSettings,
  facts?: MemoFacts | TextFacts,
): Access {
  if (subject.role === null && !subject.isAdmin) return 'none';
  // A memo room is decided by its memo's author; without them nobody is let in.
  if (room.kind === 'memo') return facts && 'author' in facts ? memoAccess(subject, facts, round) : 'none';
  if (room.kind === 'text' && facts && 'sourceKind' in facts && facts.sourceKind === 'pdf') return 'read';
  if (room.kind === 'codebook' || room.kind === 'text') {
    if (canReview(subject)) return 'write';
    return subject.role === 'coder' && round.codersEditText ? 'write' : 'read';
  }
  // A coder's recode layer (`<coderId>~<roundId>`) is theirs like their own layer: the same rules.
  if (layerOwner(room.coderId) === subject.userId && subject.role !== 'viewer') return 'write';
  if (room.coderId === CONSENSUS && canReview(subject)) return 'write';
  if (canReview(subject)) return 'read';
  return round.blind ? 'none' : 'read';
}

/** Whether the user sees every coder's work (reviewers, owners, admins; anyone in an open round). */
export function seesAllLayers(subject: AccessSubject, round: RoundSettings): boolean {
  return canReview(subject) || (!round.blind && subject.role !== null);
}

/**
 * Project-level actions, checked on REST routes. `readAcrossLayers` covers every figure computed
 * over more than one coder's layer (agreement, its live stream, its input and exports): while a
 * round is blind even a per-code κ is an oracle for another coder's codings (change one of your
 * own, read the figure again), so those who may not see all layers get none of it.
 */
export type ProjectAction =
  | 'read'
  | 'addDocument'
  | 'manageDocuments'
  | 'manageMembers'
  | 'changeRound'
  | 'editSettings'
  | 'readAudit'
  | 'exportAll'
  | 'readAcrossLayers';

/** Whether the user may take a project-level action. */
export function mayAct(subject: AccessSubject, action: ProjectAction, round: RoundSettings): boolean {
  if (subject.isAdmin) return true;
  const role = subject.role;
  if (role === null) return false;
  switch (action) {
    case 'read':
      return true;
    case 'addDocument':
    case 'manageDocuments':
    case 'changeRound':
      return role === 'owner' || role === 'reviewer';
    case 'manageMembers':
    case 'editSettings':
    case 'readAudit':
      return role === 'owner';
    case 'exportAll':
    case 'readAcrossLayers':
      // Everyone's codings, or anything computed from them: not for coders or viewers while the
      // round is blind.
      return seesAllLayers(subject, round);
  }
}

/** Actions that a blind round withholds from those who may not see every layer. */
const BLIND_ACTIONS: ReadonlySet<ProjectAction> = new Set(['exportAll', 'readAcrossLayers']);

/**
 * Why `mayAct` refused an action, in words for the person refused: a blind round is named as the
 * reason when opening the round would allow it, so nobody takes the refusal for a missing role.
 */
export function refusal(subject: AccessSubject, action: ProjectAction, round: RoundSettings): string {
  if (round.blind && BLIND_ACTIONS.has(action) && mayAct(subject, action, { ...round, blind: false })) {
    return 'the round is blind: figures and codings across coders are hidden until the round is opened';
  }
  return `your role in this project does not allow '${action}'`;
}

/**
 * How much of a connection's presence others receive. `identity`: only who is there (`user`),
 * never where — a cursor or selection in a blind round would show another coder what is being
 * coded. Everyone who may see all layers shares full presence.
 */
export type PresenceDetail = 'full' | 'identity';

export function presenceDetail(subject: AccessSubject, round: RoundSettings): PresenceDetail {
  return seesAllLayers(subject, round) ? 'full' : 'identity';
}

/**
 * Whether the user may read one layer's codings, named by its key (a coder's id, `consensus`, or
 * a recode key): exactly when they may open its room, so analysis and sync never disagree. In a
 * blind round a coder reads only their own layers; outside one every member reads every layer.
 */
export function mayReadLayer(subject: AccessSubject, layerKey: string, round: RoundSettings): boolean {
  return roomAccess(subject, { kind: 'layer', documentId: '', coderId: layerKey }, round) !== 'none';
}

/**
 * Which layers an analysis reads: the named ones (each once; null when none were named) and a test
 * for a layer key; or the first named layer the caller may not read.
 */
export type LayerChoice =
  | { ok: true; named: readonly string[] | null; includes: (layerKey: string) => boolean }
  | { ok: false; refused: string };

/**
 * The layers an analysis reads for a caller. Named layers must each be readable, else the first
 * that is not is returned as `refused` (the routes answer 403 `forbidden`); without names, every
 * layer the caller may read except recode layers (a coder's second coding of a round's documents
 * for intra-coder agreement: counted with the first, it would double their passages).
 */
export function chooseLayers(
  subject: AccessSubject,
  round: RoundSettings,
  named: readonly string[] | undefined,
): LayerChoice {
  if (named && named.length > 0) {
    const refused = named.find((key) => !mayReadLayer(subject, key, round));
    if (refused !== undefined) return { ok: false, refused };
    const chosen = new Set(named);
    return { ok: true, named: [...chosen], includes: (key) => chosen.has(key) };
  }
  return {
    ok: true,
    named: null,
    includes: (key) => !isRecodeLayer(key) && mayReadLayer(subject, key, round),
  };
}

/** Why a named layer is refused, in words for the person refused. */
export function layerRefusal(subject: AccessSubject, layerKey: string, round: RoundSettings): string {
  if (round.blind && mayReadLayer(subject, layerKey, { ...round, blind: false }))
    return `the round is blind: you may read only your own layer, not '${layerKey}'`;
  return `your role in this project does not allow reading the layer '${layerKey}'`;
}

/** What access to a memo depends on besides the reader: who wrote it, with their standing. */
export interface MemoFacts {
  /** The author, with their role in the memo's project (null when no longer a member). */
  author: AccessSubject;
}

/**
 * Access to a memo (its room, its REST row, its place in lists).
 * - members read memos; viewers only read; every other role writes them;
 * - in a blind round, whoever may not see all layers sees only their own memos and those written
 *   by owners, reviewers or administrators, and only reads the latter: a memo two blind coders
 *   could both write would carry one coder's reading of the data to the other.
 */
export function memoAccess(subject: AccessSubject, memo: MemoFacts, round: RoundSettings): Access {
  if (subject.role === null && !subject.isAdmin) return 'none';
  const writes: Access = subject.isAdmin || subject.role !== 'viewer' ? 'write' : 'read';
  if (seesAllLayers(subject, round)) return writes;
  if (memo.author.userId === subject.userId) return writes;
  return canReview(memo.author) ? 'read' : 'none';
}

/** Whether the user may start memos in the project (every member but viewers). */
export function mayCreateMemo(subject: AccessSubject): boolean {
  return subject.isAdmin || (subject.role !== null && subject.role !== 'viewer');
}

/**
 * Whether the user may delete a memo: its author, or an owner, reviewer or administrator, as long
 * as they may write it (a blind coder cannot delete what they may only read).
 */
export function mayDeleteMemo(subject: AccessSubject, memo: MemoFacts, round: RoundSettings): boolean {
  if (memoAccess(subject, memo, round) !== 'write') return false;
  return memo.author.userId === subject.userId || canReview(subject);
}
