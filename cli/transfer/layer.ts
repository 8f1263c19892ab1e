/**
 * `--layer` as people give it: a coder's id, e-mail address or name, or "consensus". Names and
 * addresses are matched among the project's members, ignoring case (and spacing, for names);
 * a name more than one member has is refused with the candidates listed, so an export never
 * silently picks the wrong coder.
 */
import { CONSENSUS, IdSchema } from '../../shared/protocol.ts';
import { call, CommandError, responseError, type Remote } from './remote.ts';

/** A project member as `GET /api/projects/:id/members` lists them (the fields used here). */
export interface LayerCandidate {
  userId: string;
  name: string;
  email: string;
}

function nameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');
}

function describe(member: LayerCandidate): string {
  return `${member.name} <${member.email}> (id ${member.userId})`;
}

/**
 * The layer id `given` names among `members`: an id first, then "consensus", an e-mail address,
 * a name. An id-shaped value nobody matches is passed on as it is (a former member's layer
 * keeps its id), for the server to accept or refuse.
 * @throws CommandError when a name is shared by several members, or nothing matches.
 */
export function resolveLayer(given: string, members: readonly LayerCandidate[]): string {
  const value = given.trim();
  if (members.some((m) => m.userId === value)) return value;
  if (value.toLowerCase() === CONSENSUS) return CONSENSUS;
  const email = members.filter((m) => m.email.toLowerCase() === value.toLowerCase());
  if (email.length === 1) return email[0]!.userId;
  const named = members.filter((m) => nameKey(m.name) === nameKey(value));
  if (named.length === 1) return named[0]!.userId;
  if (named.length > 1) {
    throw new CommandError(
      `--layer '${given}': ${named.length} members have this name; give the e-mail address or id instead`,
      named.map(describe),
    );
  }
  if (IdSchema.safeParse(value).success) return value;
  throw new CommandError(
    `--layer '${given}': no member of this project has this name, e-mail address or id; give one of`,
    [...members.map(describe), `consensus (the reviewers' layer)`],
  );
}

/** Resolves `--layer` against the project's members on the server (one request, skipped for "consensus"). */
export async function fetchLayer(remote: Remote, projectId: string, given: string): Promise<string> {
  if (given.trim().toLowerCase() === CONSENSUS) return CONSENSUS;
  const res = await call(remote, `/api/projects/${projectId}/members`);
  if (!res.ok) throw await responseError(res, 'export');
  return resolveLayer(given, (await res.json()) as LayerCandidate[]);
}
