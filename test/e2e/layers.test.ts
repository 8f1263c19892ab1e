/** The coding view lists coders' layers and the consensus, not members who never code. */
import { describe, expect, it } from 'vitest';
import type { Document, Project } from '../../shared/schemas.ts';
import type { TestServer } from '../helpers/server.ts';
import {
  codeFirstWord,
  signIn,
  skipWithoutChromium,
  type E2eBrowser,
  textOf,
  useDemoInBrowser,
  type DemoMember,
} from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e layers'))('layers list (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));

  it(
    'shows the coders and the consensus, not an owner or reviewer who never coded, until they code',
    { timeout: 120_000 },
    async () => {
      const supervisor = members.find((m) => m.role === 'reviewer')!;
      const coOwner = await server.user('Co-owner');
      await server.api('POST', `/api/projects/${project.id}/members`, {
        userId: coOwner.user.id,
        role: 'owner',
      });
      const [doc] = (await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body;
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(
        page,
        server.http,
        supervisor.email,
        supervisor.password,
        `/projects/${project.id}/documents/${doc!.id}`,
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
