/**
 * The audit log in words: each entry becomes a sentence a researcher can read ("Ana changed Ben's
 * role from coder to reviewer"), grouped into a few kinds for filtering. Pure: plain entries in,
 * plain lines out.
 */
import type { AuditEntryView } from '../../../shared/schemas.ts';

/** Kinds of entries the table filters by. */
export const AUDIT_KINDS = [
  'members',
  'invitations',
  'round',
  'documents',
  'codebook',
  'review',
  'project',
  'other',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** What the kind filter calls each kind. */
export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  members: 'Members and roles',
  invitations: 'Invitations',
  round: 'Rounds and assignments',
  documents: 'Documents and imports',
  codebook: 'Codebook',
  review: 'Review decisions',
  project: 'Project settings',
  other: 'Other',
};

/** One audit entry as the table shows it. */
export interface AuditLine {
  id: string;
  /** ISO 8601, as logged. */
  at: string;
  /** The actor's user id ('' when nobody is recorded, e.g. the system). */
  actorId: string;
  /** Who acted, by name. */
  actor: string;
  kind: AuditKind;
  /** The entry as a sentence, starting with who acted. */
  text: string;
}

/** Someone who is no longer known by name. */
const SOMEONE = 'someone';

/** The kind of an audit action (`member.role` → members). */
export function auditKind(action: string): AuditKind {
  if (action.startsWith('member.')) return 'members';
  if (action.startsWith('invitation.')) return 'invitations';
  if (action.startsWith('round.') || action.startsWith('assignments.')) return 'round';
  if (action === 'project.import' || action.startsWith('document')) return 'documents';
  if (action.startsWith('code')) return 'codebook';
  if (action === 'adjudication' || action.startsWith('review')) return 'review';
  if (action.startsWith('project.')) return 'project';
  return 'other';
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];

/** Titles an import's entry names before it counts the rest ("and 3 more"). */
export const AUDIT_TITLES_SHOWN = 5;

/** `“a”, “b” and “c”`; past `shown` titles, `“a”, “b” and 3 more`. */
function quotedList(titles: readonly string[], shown: number): string {
  const q = (t: string) => `“${t}”`;
  if (titles.length === 1) return q(titles[0]!);
  if (titles.length <= shown) return `${titles.slice(0, -1).map(q).join(', ')} and ${q(titles.at(-1)!)}`;
  return `${titles.slice(0, shown).map(q).join(', ')} and ${titles.length - shown} more`;
}
const withArticle = (role: string) => `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;

/** An attribute type after "made the attribute … ". */
const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  date: 'a date',
  boolean: 'yes/no',
  text: 'text',
};

/** The entry as a sentence about what `actor` did. */
function predicate(e: AuditEntryView): string {
  const d = e.details;
  const who = e.subjectName ?? SOMEONE;
  const role = str(d.role);
  switch (e.action) {
    case 'project.create':
      return 'created the project';
    case 'project.import': {
      const docs = num(d.documents);
      const file = str(d.file);
      return `imported the project${file ? ` from ${file}` : ''}${docs === null ? '' : ` with ${plural(docs, 'document')}`}`;
    }
    case 'documents.import': {
      const titles = strings(d.titles);
      if (titles.length > 0) return `imported ${quotedList(titles, AUDIT_TITLES_SHOWN)}`;
      const docs = num(d.documents);
      return docs === null ? 'imported documents' : `imported ${plural(docs, 'document')}`;
    }
    case 'project.update': {
      const changed = Object.keys(d);
      return changed.length ? `changed the project's ${changed.join(', ')}` : 'changed the project settings';
    }
    case 'round.blind':
      return 'started a blind round';
    case 'round.unblind':
      return 'opened the round';
    case 'round.start': {
      const docs = num(d.documents);
      const blind = d.blind === true ? 'a blind ' : 'a ';
      return `started ${blind}round${docs === null ? '' : ` on ${plural(docs, 'document')}`}`;
    }
    case 'round.close':
      return 'closed a round';
    case 'assignments.put':
    case 'assignments.split': {
      const docs = num(d.documents);
      return `${e.action === 'assignments.split' ? 'shared out' : 'assigned'} ${docs === null ? 'documents' : plural(docs, 'document')} to coders`;
    }
    case 'codebook.version': {
      const version = num(d.version);
      return `saved codebook version${version === null ? '' : ` ${version}`}`;
    }
    case 'member.add':
      return `added ${who}${role ? ` as ${withArticle(role)}` : ''}`;
    case 'member.role': {
      const before = str(d.previousRole);
      return `changed ${possessive(who)} role${before ? ` from ${before}` : ''}${role ? ` to ${role}` : ''}`;
    }
    case 'member.remove':
      return `removed ${who} from the project`;
    case 'invitation.create':
      return `created an invitation link for ${role ? withArticle(role) : 'a member'}${expiry(str(d.expiresAt))}`;
    case 'invitation.revoke':
      return `revoked an invitation link${role ? ` for ${withArticle(role)}` : ''}`;
    case 'invitation.accept':
      return `joined through an invitation link${role ? ` as ${withArticle(role)}` : ''}`;
    case 'user.create':
      return `created an account for ${who}`;
    case 'user.passwordReset':
      return `reset the password of ${who}`;
    case 'adjudication': {
      const decision = str(d.decision);
      return `settled a disagreement${decision ? ` (${decision})` : ''}`;
    }
    case 'code.merge': {
      const recoded = num(d.recoded);
      return `merged two codes${recoded === null ? '' : `, recoding ${plural(recoded, 'coding')}`}`;
    }
    case 'memo.create':
    case 'memo.update':
    case 'memo.delete': {
      const verb = { 'memo.create': 'started', 'memo.update': 'changed', 'memo.delete': 'deleted' }[e.action];
      const title = str(d.to) ?? str(d.title);
      return `${verb} the memo${title ? ` “${title}”` : ''}`;
    }
    case 'attribute.type': {
      const name = str(d.name);
      const to = str(d.to);
      return `made ${name ? `the attribute “${name}”` : 'an attribute'}${to ? ` ${TYPE_WORDS[to] ?? to}` : ' typed'}`;
    }
    case 'case.create':
    case 'case.update':
    case 'case.delete': {
      const name = str(d.name);
      const verb =
        e.action === 'case.create' ? 'created' : e.action === 'case.update' ? 'changed' : 'deleted';
      return `${verb} the case${name ? ` “${name}”` : ''}`;
    }
    default:
      return `did “${e.action}”`;
  }
}

function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}

function expiry(iso: string | null): string {
  return iso ? ` (expires ${iso.slice(0, 10)})` : '';
}

/** An audit entry as a line of the table. */
export function describeAudit(e: AuditEntryView): AuditLine {
  const actor = e.actorName ?? (e.actorId === null ? 'Concord' : SOMEONE);
  const sentence = predicate(e);
  return {
    id: e.id,
    at: e.createdAt,
    actorId: e.actorId ?? '',
    actor,
    kind: auditKind(e.action),
    text: `${actor} ${sentence}`,
  };
}

/** What the table is narrowed to; empty values do not narrow. */
export interface AuditFilter {
  kind: AuditKind | '';
  /** An actor's user id. */
  actorId: string;
  /** Words the sentence contains, in any case. */
  text: string;
}

/** The lines that pass every part of the filter, in their order. */
export function filterAudit(lines: readonly AuditLine[], filter: AuditFilter): AuditLine[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return lines.filter(
    (l) =>
      (filter.kind === '' || l.kind === filter.kind) &&
      (filter.actorId === '' || l.actorId === filter.actorId) &&
      words.every((w) => l.text.toLowerCase().includes(w)),
  );
}

/** The people who appear as actors, once each, by name: the choices of the person filter. */
export function auditActors(lines: readonly AuditLine[]): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const l of lines) if (!seen.has(l.actorId)) seen.set(l.actorId, l.actor);
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}
