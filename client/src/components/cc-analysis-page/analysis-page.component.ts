import { LitElement, html, nothing, type TemplateResult } from 'lit';
import type { AppContext } from '../../context.ts';
import { CodebookController } from '../../controllers/CodebookController.ts';
import { ProjectController } from '../../controllers/ProjectController.ts';
import { navigateEvent } from '../../events.ts';
import { ExportLayersSchema } from '../../../../shared/interchange/api.ts';
import {
  ANALYSIS_VIEWS,
  NO_CHOICES,
  tabAfterKey,
  type AnalysisChoices,
  type AnalysisView,
} from '../../model/analysisQuery.ts';
import { routeUrl } from '../../model/route.ts';
import styles from './analysis-page.styles.ts';

const TAB_LABELS: Record<AnalysisView, string> = {
  retrieve: 'Retrieve',
  cooccurrence: 'Co-occurrence',
  matrix: 'Matrix',
};

/**
 * The analysis page (`/projects/:projectId/analysis?view=`), live on the merged state: a tab list
 * of Retrieve (`cc-analysis-retrieve`), Co-occurrence (`cc-analysis-cooccurrence`) and Matrix
 * (`cc-analysis-matrix`). The page reads the project (re-read every few seconds, so a round
 * turning blind reshapes the views) and the codebook room, and hands both to the views; the tab
 * is in the URL, so reload and back keep it. Every view stays in the page and keeps its choices;
 * only the open one renders and follows its answers.
 */
export class CcAnalysisPage extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    view: { attribute: false },
    choices: { attribute: false },
    codedLayers: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  declare view: AnalysisView;
  /** What the views have chosen, as the URL holds it (kept there as it changes). */
  declare choices: AnalysisChoices;
  /** The layers holding codings, so the views offer only those (null until read). */
  declare codedLayers: ReadonlySet<string> | null;
  /** The project whose coded layers were asked for. */
  private codedFor: string | null = null;

  private readonly project = new ProjectController(this, () => ({
    context: this.context,
    projectId: this.projectId,
  }));
  private readonly codebook = new CodebookController(this, () => ({
    hub: this.context?.hub ?? null,
    projectId: this.projectId,
  }));

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.view = 'retrieve';
    this.choices = NO_CHOICES;
    this.codedLayers = null;
  }

  override willUpdate(): void {
    if (this.context && this.projectId && this.codedFor !== this.projectId) {
      this.codedFor = this.projectId;
      void this.readCodedLayers(this.context, this.projectId);
    }
  }

  /**
   * Which layers hold codings: read once per visit. Until it answers (or if it fails) the views
   * offer every layer the user may read.
   */
  private async readCodedLayers(context: AppContext, projectId: string): Promise<void> {
    try {
      const { layers } = await context.api.get(
        `/api/projects/${projectId}/export/layers`,
        ExportLayersSchema,
      );
      if (this.projectId === projectId) this.codedLayers = new Set(layers.map((l) => l.id));
    } catch {
      // Offering every readable layer is still correct, only longer.
    }
  }

  private showView(view: AnalysisView): void {
    if (!this.projectId || view === this.view) return;
    this.dispatchEvent(
      navigateEvent(routeUrl({ name: 'analysis', projectId: this.projectId, view, choices: this.choices })),
    );
  }

  /**
   * A view changed its choices: keep them, and replace (not add) the history entry so Back from a
   * passage opened in its document returns to them, and the address can be shared.
   */
  private onChoices(e: CustomEvent<Partial<AnalysisChoices>>): void {
    if (!this.projectId) return;
    this.choices = { ...this.choices, ...e.detail };
    const url = routeUrl({
      name: 'analysis',
      projectId: this.projectId,
      view: this.view,
      choices: this.choices,
    });
    history.replaceState(history.state, '', url);
  }

  /** Arrows, Home and End move between tabs, and focus follows (the WAI-ARIA tabs pattern). */
  private onTabKey(e: KeyboardEvent): void {
    const next = tabAfterKey(this.view, e.key);
    if (!next) return;
    e.preventDefault();
    this.showView(next);
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLButtonElement>(`#tab-${next}`)?.focus(),
    );
  }

  override render(): TemplateResult {
    if (this.project.error) return html`<p class="error" role="alert">${this.project.error}</p>`;
    const state = this.project.state;
    if (!state) return html`<p class="muted">Loading…</p>`;
    const codes = this.codebook.shownCodes;
    const view = (name: AnalysisView) => this.view === name;
    return html`<div class="wrap">
      <div>
        <a href="/projects/${state.project.id}">← ${state.project.name}</a>
        <h1>Analysis</h1>
      </div>
      ${
        state.permissions.seesAllLayers
          ? nothing
          : html`<p class="card" role="note" data-testid="analysis-blind">
              The round is blind: you see only your own coding here, and nothing computed across coders.
            </p>`
      }
      <div role="tablist" aria-label="Analysis views" class="tabs" @keydown=${this.onTabKey}>
        ${ANALYSIS_VIEWS.map(
          (name) =>
            html`<button
              type="button"
              role="tab"
              id="tab-${name}"
              aria-selected=${String(view(name))}
              aria-controls="panel-${name}"
              tabindex=${view(name) ? 0 : -1}
              @click=${() => this.showView(name)}
            >
              ${TAB_LABELS[name]}
            </button>`,
        )}
      </div>
      <section
        id="panel-${this.view}"
        role="tabpanel"
        aria-labelledby="tab-${this.view}"
        class="panel"
        @cc-analysis-choices=${this.onChoices}
      >
        <cc-analysis-retrieve
          .context=${this.context}
          .project=${state}
          .codes=${codes}
          .choices=${this.choices}
          .codedLayers=${this.codedLayers}
          ?active=${view('retrieve')}
        ></cc-analysis-retrieve>
        <cc-analysis-cooccurrence
          .context=${this.context}
          .project=${state}
          .codes=${codes}
          .choices=${this.choices}
          .codedLayers=${this.codedLayers}
          ?active=${view('cooccurrence')}
        ></cc-analysis-cooccurrence>
        <cc-analysis-matrix
          .context=${this.context}
          .project=${state}
          .codes=${codes}
          .choices=${this.choices}
          .codedLayers=${this.codedLayers}
          ?active=${view('matrix')}
        ></cc-analysis-matrix>
      </section>
    </div>`;
  }
}
