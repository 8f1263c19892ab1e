/**
 * Assignments: who codes which documents outside the reliability rounds, each coder's workload and
 * progress (documents assigned, and of those marked done in their layer), and a coder's own list
 * ("my documents"), the open round's documents first.
 */
import { AppError } from '../../shared/errors.ts';
import { isCompleted } from '../../shared/model/layer.ts';
import { roomName } from '../../shared/protocol.ts';
import { splitDocuments, type Assignment } from '../../shared/rounds/split.ts';
import type { User } from '../../shared/schemas.ts';
import { audit } from './audit.ts';
import { codersWhoCoded } from './priorCoding.ts';
import type { ServiceDeps } from './ProjectService.ts';

/** One coder's load: documents assigned to them, and how many of those they marked done. */
export interface Workload {
  coderId: string;
  assigned: number;
  done: number;
}

/** One entry of "my documents". */
export interface MyDocument {
  documentId: string;
  title: string;
  /** `round`: in the open round this coder codes; `assignment`: assigned to them. */
  source: 'round' | 'assignment';
  roundId: string | null;
  done: boolean;
}

export class AssignmentService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Replaces the project's assignments. Throws `validation` for documents not in the project or
   * coders who are not members able to code.
   */
  async put(projectId: string, assignments: readonly Assignment[], actor: User): Promise<Assignment[]> {
    const stored = await this.store(projectId, assignments);
    await audit(this.deps, {
      projectId,
      actorId: actor.id,
      action: 'assignments.put',
      details: { documents: stored.length },
    });
    return stored;
  }

  private async store(projectId: string, assignments: readonly Assignment[]): Promise<Assignment[]> {
    const { storage } = this.deps;
    const documents = new Set((await storage.listDocuments(projectId)).map((d) => d.id));
    const members = new Map((await storage.listMembers(projectId)).map((m) => [m.userId, m.role]));
    const seen = new Set<string>();
    for (const a of assignments) {
      if (!documents.has(a.documentId))
        throw new AppError('validation', `document '${a.documentId}' is not in this project`);
      if (seen.has(a.documentId))
        throw new AppError('validation', `document '${a.documentId}' is listed twice`);
      seen.add(a.documentId);
      for (const c of a.coders) {
        const role = members.get(c);
        if (role === undefined || role === 'viewer')
          throw new AppError('validation', `'${c}' is not a member who can code in this project`);
      }
    }
    await storage.putAssignments(
      projectId,
      assignments.filter((a) => a.coders.length > 0),
    );
    return storage.listAssignments(projectId);
  }

  /**
   * Splits every document outside the rounds' samples evenly between `coders` (seeded, see
   * shared/rounds/split.ts), replacing those documents' assignments; round documents keep theirs.
   * Documents two or more coders have already coded (or marked done) are double-coded already and
   * are left out too.
   */
  async split(
    projectId: string,
    coders: readonly string[],
    seed: number,
    actor: User,
  ): Promise<Assignment[]> {
    const { storage } = this.deps;
    const sampled = new Set((await storage.listRounds(projectId)).flatMap((r) => r.documents));
    const outside: string[] = [];
    // A document two coders have already coded needs no single coder: it is not dealt out.
    for (const d of await storage.listDocuments(projectId))
      if (!sampled.has(d.id) && (await codersWhoCoded(this.deps, d.id)).length < 2) outside.push(d.id);
    const dealt = splitDocuments(outside, coders, seed);
    const dealtIds = new Set(dealt.map((a) => a.documentId));
    const kept = (await storage.listAssignments(projectId)).filter((a) => !dealtIds.has(a.documentId));
    const result = await this.store(projectId, [...kept, ...dealt]);
    await audit(this.deps, {
      projectId,
      actorId: actor.id,
      action: 'assignments.split',
      details: { coders: [...coders], seed, documents: dealt.length },
    });
    return result;
  }

  /** Per coder (in id order): documents assigned and of those done. */
  async workload(projectId: string, assignments: readonly Assignment[]): Promise<Workload[]> {
    const pairs = assignments.flatMap((a) => a.coders.map((c) => ({ documentId: a.documentId, coder: c })));
    const done = await this.doneSet(pairs);
    const byCoder = new Map<string, Workload>();
    for (const p of pairs) {
      const w = byCoder.get(p.coder) ?? { coderId: p.coder, assigned: 0, done: 0 };
      w.assigned++;
      if (done.has(roomName.layer(p.documentId, p.coder))) w.done++;
      byCoder.set(p.coder, w);
    }
    return [...byCoder.values()].sort((a, b) => (a.coderId < b.coderId ? -1 : a.coderId > b.coderId ? 1 : 0));
  }

  /**
   * "My documents": the open round's documents when the user is one of its coders (first, since
   * the round's figures wait for them), then the documents assigned to them, each with whether
   * they marked it done.
   */
  async mine(
    projectId: string,
    userId: string,
  ): Promise<{ documents: MyDocument[]; assigned: number; done: number }> {
    const { storage } = this.deps;
    const titles = new Map((await storage.listDocuments(projectId)).map((d) => [d.id, d.title]));
    const open = (await storage.listRounds(projectId)).find(
      (r) => r.status === 'open' && r.coders.includes(userId),
    );
    const entries: Omit<MyDocument, 'done'>[] = [];
    const listed = new Set<string>();
    for (const documentId of open?.documents ?? []) {
      listed.add(documentId);
      entries.push({ documentId, title: titles.get(documentId) ?? '', source: 'round', roundId: open!.id });
    }
    for (const a of await storage.listAssignments(projectId)) {
      if (!a.coders.includes(userId) || listed.has(a.documentId)) continue;
      entries.push({
        documentId: a.documentId,
        title: titles.get(a.documentId) ?? '',
        source: 'assignment',
        roundId: null,
      });
    }
    const done = await this.doneSet(entries.map((e) => ({ documentId: e.documentId, coder: userId })));
    const documents = entries.map((e) => ({ ...e, done: done.has(roomName.layer(e.documentId, userId)) }));
    return { documents, assigned: documents.length, done: documents.filter((d) => d.done).length };
  }

  /** The layer rooms (of these document–coder pairs) whose coder marked the document done. */
  private async doneSet(pairs: readonly { documentId: string; coder: string }[]): Promise<Set<string>> {
    const { storage, registry } = this.deps;
    const rooms = pairs.map((p) => roomName.layer(p.documentId, p.coder));
    // Only layers with stored state can say "done": the others are not loaded for nothing.
    const stored = await storage.lastSeqs(rooms);
    const done = new Set<string>();
    for (const room of rooms) {
      if (!stored.has(room)) continue;
      if (await registry.withRoom(room, (r) => isCompleted(r.doc))) done.add(room);
    }
    return done;
  }
}
