/**
 * Every page of the web client, for the checks that run on all of them (layout, accessibility,
 * screenshots): its path, the element that renders it, and when it has finished loading. A new
 * page joins every such check by being added here. No test runner imports: `npm run screenshots`
 * reads this list too.
 */
import type { Page } from 'playwright-core';

/** One page of the app, as a signed-in reviewer of the demo project (or signed out) sees it. */
export interface AppPage {
  name: string;
  path: string;
  /** Signed-out pages are opened in a context without a session. */
  signedIn: boolean;
  /** The element that renders the page inside `<cc-app>`'s `main`. */
  element: string;
  /** Resolves once the page shows its content (not a "Loading…"). */
  ready(page: Page): Promise<void>;
}

/** The pages of a project, its document `documentId`, and the pages outside projects. */
export function appPages(projectId: string, projectName: string, documentId: string): AppPage[] {
  const base = `/projects/${projectId}`;
  return [
    {
      name: 'sign-in',
      path: '/login',
      signedIn: false,
      element: 'cc-login',
      ready: (p) => p.getByLabel('Email').waitFor(),
    },
    {
      name: 'help',
      path: '/help',
      signedIn: true,
      element: 'cc-help',
      ready: (p) => p.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor(),
    },
    {
      name: 'projects',
      path: '/',
      signedIn: true,
      element: 'cc-project-list',
      ready: (p) => p.getByRole('link', { name: projectName }).first().waitFor(),
    },
    {
      name: 'project',
      path: base,
      signedIn: true,
      element: 'cc-project-page',
      ready: async (p) => {
        await p.getByRole('heading', { name: projectName }).first().waitFor();
        // Each coder's progress fills the documents table in after the page shows.
        await p.getByTestId('documents').locator('td[data-coder]').first().waitFor();
      },
    },
    {
      name: 'coding view',
      path: `${base}/documents/${documentId}`,
      signedIn: true,
      element: 'cc-coding-view',
      ready: async (p) => {
        await p.locator('cc-transcript .cm-content').waitFor();
        await p.getByTestId('code-palette').locator('li').first().waitFor();
        await p
          .getByTestId('sync-status')
          .filter({ hasText: /^\s*All changes saved\s*$/ })
          .waitFor();
      },
    },
    {
      name: 'agreement',
      path: `${base}/agreement`,
      signedIn: true,
      element: 'cc-agreement-dashboard',
      ready: (p) => p.getByTestId('agreement-table').waitFor(),
    },
    {
      name: 'review',
      path: `${base}/review`,
      signedIn: true,
      element: 'cc-review-queue',
      ready: (p) => p.getByTestId('versions').waitFor(),
    },
    {
      name: 'codebook',
      path: `${base}/codebook`,
      signedIn: true,
      element: 'cc-codebook-page',
      ready: async (p) => {
        await p.getByTestId('code-tree').locator('[data-code]').first().click();
        await p.getByTestId('code-name').waitFor();
      },
    },
    {
      name: 'rounds',
      path: `${base}/rounds`,
      signedIn: true,
      element: 'cc-rounds-page',
      ready: (p) => p.getByRole('heading', { name: 'Start a round' }).waitFor(),
    },
    {
      name: 'analysis',
      path: `${base}/analysis?view=matrix`,
      signedIn: true,
      element: 'cc-analysis-page',
      ready: (p) => p.getByTestId('matrix').locator('td button').first().waitFor(),
    },
    {
      name: 'memos',
      path: `${base}/memos`,
      signedIn: true,
      element: 'cc-memos-page',
      ready: (p) => p.getByTestId('memo-list').or(p.getByTestId('memo-list-empty')).waitFor(),
    },
    {
      name: 'search',
      path: `${base}/search`,
      signedIn: true,
      element: 'cc-search-page',
      ready: (p) => p.getByLabel('Search for').waitFor(),
    },
    {
      name: 'account',
      path: '/account',
      signedIn: true,
      element: 'cc-account-page',
      ready: (p) => p.getByRole('heading', { name: 'API tokens' }).waitFor(),
    },
  ];
}
