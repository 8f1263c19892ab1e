/**
 * Who a user may reach by name, email or id without an invitation: themselves and the people they
 * already share a project with. Adding a member and matching an import's coders both stay inside
 * this circle, so neither can tell a user whether an address belongs to a stranger, nor pull a
 * stranger into a project they never agreed to join (an invitation link is for them).
 */
import type { MetadataStore } from '../storage/Storage.ts';

/** The ids of `userId` and of every member of every project they belong to. */
export async function colleagueIds(
  storage: Pick<MetadataStore, 'listProjectsOf' | 'listMembers'>,
  userId: string,
): Promise<Set<string>> {
  const ids = new Set([userId]);
  for (const project of await storage.listProjectsOf(userId)) {
    for (const member of await storage.listMembers(project.id)) ids.add(member.userId);
  }
  return ids;
}
