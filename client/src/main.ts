/** Entry point: registers every component; `<cc-app>` in index.html takes it from there. */
import './components/cc-app/app.ts';
import './components/cc-login/login.ts';
import './components/cc-project-list/project-list.ts';
import './components/cc-project-page/project-page.ts';
import './components/cc-sync-indicator/sync-indicator.ts';
import './components/cc-code-palette/code-palette.ts';
import './components/cc-coding-view/coding-view.ts';
import './components/cc-presence/presence.ts';
import './components/cc-transcript/transcript.ts';
import './components/cc-agreement-dashboard/agreement-dashboard.ts';
import './components/cc-review-queue/review-queue.ts';
import './components/cc-codebook-page/codebook-page.ts';
import './components/cc-help/help.ts';
