/** The coding view lists coders' layers and the consensus, not members who never code. */
import { describe, expect, it } from 'vitest';
import type { Document } from '../../shared/schemas.ts';
import { codeFirstWord, signIn, skipWithoutChromium, textOf, useDemoInBrowser } from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e layers'))('layers list (browser)', () => {
  const demo = useDemoInBrowser({});

  it(
    'shows the coders and the consensus, not an owner or reviewer who never coded, until they code',
    { timeout: 120_000 },
    async () => {
      const supervisor = demo.members.find((m) => m.role === 'reviewer')!;
      const coOwner = await demo.server.user('Co-owner');
      await demo.server.api('POST', `/api/projects/${demo.project.id}/members`, {
        userId: coOwner.user.id,
        role: 'owner',
      });
      const [doc] = (await demo.server.api<Document[]>('GET', `/api/projects/${demo.project.id}/documents`))
        .body;
      const context = await demo.browser.newContext();
      const page = await context.newPage();
      await signIn(
        page,
        demo.server.http,
        supervisor.email,
        supervisor.password,
        `/projects/${demo.project.id}/documents/${doc!.id}`,
      );
      const list = page.getByTestId('layers');
      await list.getByText('Consensus').waitFor();
      const names = await Promise.all((await list.locator('li label').all()).map((l) => textOf(l)));
      expect(names).toEqual(
        expect.arrayContaining(['Synthetic coder (generated)', 'Study authors', 'Consensus']),
      );
      // A co-owner or a reviewer who never codes is a member, not a layer to read.
      expect(names).not.toContain('Co-owner');
      expect(names).not.toContain('Demo supervisor (you)');
      expect(names).toHaveLength(3);
      // Once the reviewer codes into their own layer, it is listed.
      await codeFirstWord(page, 1, '1');
      await list.getByText('Demo supervisor (you)').waitFor();
      await context.close();
    },
  );
});
