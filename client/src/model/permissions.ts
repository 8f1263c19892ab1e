/** What the signed-in user may do in a project, for shaping views; the server enforces the same rules. */
import { mayAct, roomAccess, seesAllLayers, type AccessSubject } from '../../../shared/access.ts';
import { CONSENSUS } from '../../../shared/protocol.ts';
import type { Project, Role, User } from '../../../shared/schemas.ts';

export interface Permissions {
  subject: AccessSubject;
  /** Review disagreements into the consensus layer, change the round. */
  review: boolean;
  manageMembers: boolean;
  addDocument: boolean;
  /** Rename, delete and edit the attributes of documents. */
  manageDocuments: boolean;
  editText: boolean;
  editCodebook: boolean;
  /** Has a coding layer of their own (everyone but viewers). */
  code: boolean;
  seesAllLayers: boolean;
}

export function permissionsOf(user: User, project: Project & { role: Role | null }): Permissions {
  const subject: AccessSubject = { userId: user.id, role: project.role, isAdmin: user.isAdmin };
  const round = { blind: project.blind, codersEditText: project.codersEditText };
  const textAccess = roomAccess(subject, { kind: 'text', documentId: '_' }, round);
  return {
    subject,
    review: mayAct(subject, 'changeRound', round),
    manageMembers: mayAct(subject, 'manageMembers', round),
    addDocument: mayAct(subject, 'addDocument', round),
    manageDocuments: mayAct(subject, 'manageDocuments', round),
    editText: textAccess === 'write',
    editCodebook: roomAccess(subject, { kind: 'codebook', projectId: project.id }, round) === 'write',
    code: roomAccess(subject, { kind: 'layer', documentId: '_', coderId: user.id }, round) === 'write',
    seesAllLayers: seesAllLayers(subject, round),
  };
}

/**
 * The layers of a document this user may open: each member who can code (viewers have no layer)
 * plus the consensus, kept to those the rules let them read.
 */
export function visibleLayers(
  permissions: Permissions,
  project: Project,
  documentId: string,
  members: readonly { userId: string; role: Role }[],
): string[] {
  const round = { blind: project.blind, codersEditText: project.codersEditText };
  const coders = members.filter((m) => m.role !== 'viewer').map((m) => m.userId);
  if (permissions.code && !coders.includes(permissions.subject.userId))
    coders.push(permissions.subject.userId);
  return [...coders, CONSENSUS].filter(
    (coderId) => roomAccess(permissions.subject, { kind: 'layer', documentId, coderId }, round) !== 'none',
  );
}
