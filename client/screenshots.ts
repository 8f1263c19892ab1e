/**
 * Takes the README's screenshots (`docs/screenshots/*.png`) of every page with the demo project,
 * in the system's Chromium at 1280×800: `npm run screenshots`. The main views are staged (a
 * passage selected, a hover card open); the other pages of `test/e2e/pages.ts` are shot as they
 * open, so a page added there is photographed too.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { appPages } from '../test/e2e/pages.ts';
import { startServer } from '../test/helpers/server.ts';
import { ensureClientBuild } from './ensureBuild.ts';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const VIEWPORT = { width: 1280, height: 800 };

await ensureClientBuild();
mkdirSync(OUT, { recursive: true });
const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-sync',
  ],
});
try {
  const { project, members } = await server.loadDemo();
  const member = (name: string) => members.find((m) => m.name === name)!;
  const documents = (
    await server.api<{ id: string; title: string }[]>('GET', `/api/projects/${project.id}/documents`)
  ).body;
  const document = documents.find((d) => d.title === 'Site B · P4') ?? documents[0]!;

  const open = async (who: { email: string; password: string } | null, path: string): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
    if (!who) {
      await page.goto(`${server.http}${path}`);
      return page;
    }
    await page.goto(`${server.http}/login?next=${encodeURIComponent(path)}`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in-user').waitFor();
    return page;
  };
  const shoot = async (page: Page, name: string) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${OUT}${name}.png` });
    process.stdout.write(`docs/screenshots/${name}.png\n`);
  };

  const supervisor = member('Demo supervisor');
  const projectPage = await open(supervisor, `/projects/${project.id}`);
  await projectPage.getByTestId('documents').locator('td[data-coder]').first().waitFor();
  await shoot(projectPage, 'project');

  // Coding view: the study authors code while the supervisor has a passage selected.
  const docPath = `/projects/${project.id}/documents/${document.id}`;
  const other = await open(supervisor, docPath);
  await other.locator('cc-transcript .cm-content').getByText('policy makers').click();
  await other.keyboard.press('Shift+End');
  const coding = await open(member('Study authors'), docPath);
  await coding.getByTestId('presence').getByLabel(supervisor.name).waitFor();
  await coding.locator('cc-transcript .cm-content').getByText('loudest').hover();
  await coding.getByTestId('coding-hover').waitFor();
  await shoot(coding, 'coding');

  const agreement = await open(supervisor, `/projects/${project.id}/agreement`);
  await agreement.getByTestId('agreement-table').waitFor();
  await shoot(agreement, 'agreement');

  const review = await open(supervisor, `/projects/${project.id}/review`);
  await review.getByTestId('review-queue').first().waitFor();
  await review.locator('nav button').nth(2).click();
  await shoot(review, 'review');

  const codebook = await open(supervisor, `/projects/${project.id}/codebook`);
  await codebook.getByTestId('code-tree').locator('li').nth(1).click();
  await codebook.getByTestId('code-frequency').waitFor();
  await codebook
    .getByLabel('Include when')
    .fill('A leader gathers, weighs or presents data to shape a decision.');
  await codebook
    .getByLabel('Exclude when')
    .fill('Data is only mentioned, not used to argue for a course of action.');
  await codebook
    .getByLabel('Example quotes (one per line)')
    .fill(
      'be very clear about the numbers\nclear charts and graphs because I think she might understand a picture',
    );
  await codebook.getByLabel('Example quotes (one per line)').blur();
  await shoot(codebook, 'codebook');

  // Every other page, as it opens: the sign-in page signed out, the rest as the supervisor.
  const staged: Record<string, string> = {
    project: 'project',
    'coding view': 'coding',
    agreement: 'agreement',
    review: 'review',
    codebook: 'codebook',
  };
  for (const entry of appPages(project.id, project.name, document.id)) {
    if (staged[entry.name]) continue;
    const page = await open(entry.signedIn ? supervisor : null, entry.path);
    await entry.ready(page);
    await shoot(page, entry.name.replace(/\W+/g, '-'));
  }
} finally {
  await browser.close();
  await server.destroy();
}
