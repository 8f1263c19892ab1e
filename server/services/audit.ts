/** Appends to the audit log: who did what to which project, and when. */
import type { ServiceDeps } from './ProjectService.ts';

export type AuditAction =
  | 'project.create'
  | 'project.import'
  | 'documents.import'
  | 'document.rename'
  | 'document.attributes'
  | 'document.delete'
  | 'project.update'
  | 'round.blind'
  | 'round.unblind'
  | 'member.add'
  | 'member.role'
  | 'member.remove'
  | 'invitation.create'
  | 'invitation.accept'
  | 'invitation.revoke'
  | 'user.create'
  | 'user.passwordReset'
  | 'adjudication'
  | 'code.merge'
  | 'round.start'
  | 'round.close'
  | 'assignments.put'
  | 'assignments.split'
  | 'codebook.version'
  | 'memo.create'
  | 'memo.update'
  | 'memo.delete'
  | 'attribute.type'
  | 'case.create'
  | 'case.update'
  | 'case.delete';

export function audit(
  deps: Pick<ServiceDeps, 'storage' | 'now' | 'newId'>,
  entry: {
    projectId: string | null;
    actorId: string | null;
    action: AuditAction;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  return deps.storage.appendAudit({
    id: deps.newId(),
    projectId: entry.projectId,
    actorId: entry.actorId,
    action: entry.action,
    details: entry.details ?? {},
    createdAt: deps.now().toISOString(),
  });
}
