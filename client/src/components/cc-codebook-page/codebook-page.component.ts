import { LitElement, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ApiError } from '../../api/ApiClient.ts';
import { readCodedDocuments } from '../../api/codedDocuments.ts';
import type { CodedDocumentView } from '../../api/schemas.ts';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import {
  createCode,
  deleteCode,
  moveCode,
  setCodeField,
  type CodeField,
} from '../../coding/codebookEdits.ts';
import { AgreementController } from '../../controllers/AgreementController.ts';
import { CodebookController } from '../../controllers/CodebookController.ts';
import { ProjectController } from '../../controllers/ProjectController.ts';
import { dropPlace, isWithin, keyboardPlace, type TreePlace } from '../../model/codeTree.ts';
import { codebookCounts } from '../../model/codebookCounts.ts';
import { newCodeColor } from '../../model/colors.ts';
import { CODE_WORDS } from '../../model/fieldErrors.ts';
import { codeFrequencies, type CodeFrequency } from '../../model/frequencies.ts';
import { codeDepths } from '../../model/quickCodes.ts';
import { readCodeDetails, setCodeDetail, type CodeDetails } from '../../../../shared/model/codeDetails.ts';
import { CONSENSUS } from '../../../../shared/protocol.ts';
import type { Code } from '../../../../shared/schemas.ts';
import styles from './codebook-page.styles.ts';

const MergeResultSchema = z.object({ recoded: z.number(), layers: z.number() });

type DropPosition = 'before' | 'after' | 'inside';

/**
 * The codebook: a tree of themes and codes (drag to move, or Alt+arrows), each code's name,
 * colour, definition, inclusion and exclusion criteria and example quotes, edited live with
 * everyone; how often each code was applied, per coder; merging one code into another.
 */
export class CcCodebookPage extends LitElement {
  static override styles = styles;
  static override properties = {
    context: { attribute: false },
    projectId: { attribute: false },
    selected: { state: true },
    drop: { state: true },
    frequencies: { state: true },
    mergeTarget: { state: true },
    confirmMerge: { state: true },
    message: { state: true },
    fieldError: { state: true },
  };
  declare context: AppContext | null;
  declare projectId: string | null;
  declare selected: string | null;
  declare drop: { id: string; position: DropPosition } | null;
  declare frequencies: Map<string, CodeFrequency> | null;
  declare mergeTarget: string;
  declare confirmMerge: boolean;
  declare message: string;
  /** A field of the chosen code whose last edit was refused, with what to do, shown at the field. */
  declare fieldError: { code: string; field: CodeField; message: string } | null;
  private readonly project = new ProjectController(this, () => ({
    context: this.context,
    projectId: this.projectId,
  }));
  private readonly codebook = new CodebookController(this, () => ({
    hub: this.context?.hub ?? null,
    projectId: this.projectId,
  }));
  /** Every change to the project's codings arrives as a live agreement report: frequencies follow it. */
  // No live report for those a blind round keeps to their own layer (the server refuses it).
  private readonly live = new AgreementController(this, () =>
    this.context && this.projectId && this.project.state?.permissions.seesAllLayers === true
      ? `/api/projects/${this.projectId}/agreement/events?ci=0`
      : null,
  );
  private countedAt = -1;
  private dragging: string | null = null;

  constructor() {
    super();
    this.context = null;
    this.projectId = null;
    this.selected = null;
    this.drop = null;
    this.frequencies = null;
    this.mergeTarget = '';
    this.confirmMerge = false;
    this.message = '';
    this.fieldError = null;
  }

  override willUpdate(): void {
    const state = this.project.state;
    if (state && this.context && this.live.updates !== this.countedAt) {
      this.countedAt = this.live.updates;
      void readCodedDocuments(this.context.api, state.project.id, state.documents).then(
        (docs: Map<string, CodedDocumentView>) => (this.frequencies = codeFrequencies(docs.values())),
        () => (this.message = 'Frequencies could not be read.'),
      );
    }
  }

  private get canEdit(): boolean {
    return this.project.state?.permissions.editCodebook ?? false;
  }

  private name = (id: string): string =>
    id === CONSENSUS ? 'Consensus' : (this.project.state?.members.find((m) => m.userId === id)?.name ?? id);

  private move(id: string, place: TreePlace | null): void {
    const doc = this.codebook.doc;
    if (!doc || !place || !this.canEdit) return;
    if (!moveCode(doc, this.codebook.codes, id, place))
      this.message = 'A code cannot move into its own codes.';
    else this.message = '';
  }

  private add(asTheme: boolean): void {
    const doc = this.codebook.doc;
    if (!doc || !this.canEdit) return;
    const codes = this.codebook.codes;
    const selected = codes.find((c) => c.id === this.selected);
    const parentId = asTheme
      ? null
      : selected
        ? selected.parentId === null
          ? selected.id
          : selected.parentId
        : null;
    const color = newCodeColor(codes, parentId);
    this.selected = createCode(doc, { name: asTheme ? 'New theme' : 'New code', parentId, color });
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#name')?.select());
  }

  private onTreeKey(e: KeyboardEvent, code: Code): void {
    const codes = this.codebook.codes;
    const at = codes.findIndex((c) => c.id === code.id);
    const moves: Record<string, 'up' | 'down' | 'indent' | 'outdent'> = {
      ArrowUp: 'up',
      ArrowDown: 'down',
      ArrowRight: 'indent',
      ArrowLeft: 'outdent',
    };
    if (e.altKey && moves[e.key]) {
      e.preventDefault();
      this.move(code.id, keyboardPlace(codes, code.id, moves[e.key]!));
      void this.updateComplete.then(() => this.focusItem(code.id));
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = codes[at + (e.key === 'ArrowDown' ? 1 : -1)];
      if (next) {
        this.selected = next.id;
        void this.updateComplete.then(() => this.focusItem(next.id));
      }
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.renderRoot.querySelector<HTMLInputElement>('#name')?.focus();
    }
  }

  private focusItem(id: string): void {
    this.renderRoot.querySelector<HTMLElement>(`li[data-code="${id}"]`)?.focus();
  }

  private onDragOver(e: DragEvent, code: Code): void {
    if (!this.dragging || !this.canEdit || isWithin(this.codebook.codes, code.id, this.dragging)) return;
    e.preventDefault();
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const y = (e.clientY - box.top) / box.height;
    const position: DropPosition = y < 0.25 ? 'before' : y > 0.75 ? 'after' : 'inside';
    if (this.drop?.id !== code.id || this.drop.position !== position) this.drop = { id: code.id, position };
  }

  private onDrop(e: DragEvent, code: Code): void {
    e.preventDefault();
    const id = this.dragging;
    const position = this.drop?.position ?? 'inside';
    this.dragging = null;
    this.drop = null;
    if (id && id !== code.id) this.move(id, dropPlace(this.codebook.codes, code.id, position));
  }

  private async merge(source: Code, target: Code): Promise<void> {
    if (!this.context || !this.projectId) return;
    try {
      const result = await this.context.api.post(
        `/api/projects/${this.projectId}/codes/merge`,
        { sourceId: source.id, targetId: target.id },
        MergeResultSchema,
      );
      this.message = `Merged “${source.name}” into “${target.name}”: ${result.recoded} coding${result.recoded === 1 ? '' : 's'} re-pointed.`;
      this.selected = target.id;
      this.mergeTarget = '';
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : 'The merge did not go through.';
    } finally {
      this.confirmMerge = false;
    }
  }

  override render() {
    if (this.project.error) return html`<p class="error" role="alert">${this.project.error}</p>`;
    const state = this.project.state;
    if (!state) return html`<p class="muted">Loading…</p>`;
    const codes = this.codebook.codes;
    const selected = codes.find((c) => c.id === this.selected) ?? null;
    return html`
      <div class="head">
        <a href="/projects/${state.project.id}">← ${state.project.name}</a>
        <h1>Codebook</h1>
        <span class="muted" data-testid="codebook-counts">${codebookCounts(codes)}</span>
        <span class="spacer"></span>
        ${this.message ? html`<span role="status" data-testid="codebook-status">${this.message}</span>` : nothing}
      </div>
      <div class="split">
        <div class="tree-panel">
          ${
            this.canEdit
              ? html`<div class="row">
                    <button type="button" @click=${() => this.add(true)}>+ Theme</button>
                    <button type="button" @click=${() => this.add(false)}>+ Code</button>
                  </div>
                  <p class="hint">Drag to move, or Alt+↑↓ to reorder and Alt+→← to nest.</p>`
              : nothing
          }
          ${codes.length === 0 ? this.renderEmpty() : this.renderTree(codes)}
        </div>
        <div class="detail">
          ${
            selected
              ? this.renderDetail(selected, codes)
              : codes.length === 0
                ? nothing
                : html`<p class="muted">Choose a code in the list to read or edit its definition.</p>`
          }
          <!-- Below the editor in the same scrolling column: it never covers the code's fields or Merge. -->
          <cc-codebook-history
            .context=${this.context}
            .projectId=${state.project.id}
            .review=${state.permissions.review}
            .codeNames=${new Map(codes.map((c) => [c.id, c.name]))}
          ></cc-codebook-history>
        </div>
      </div>
    `;
  }

  /** When the code is shown in another shade than its own colour, say so and why. */
  private shownAs(code: Code) {
    const shown = this.codebook.shownCodes.find((c) => c.id === code.id)?.color;
    if (!shown || shown === code.color) return nothing;
    return html`<p class="hint" data-testid="shown-as">
      <span class="chip" style=${styleMap({ background: shown, display: 'inline-block' })}></span>
      Shown in this shade so it stands apart from other codes under the same theme; pick a colour further from
      theirs to have your own shown.
    </p>`;
  }

  /** An empty codebook says how to start it, or who will. */
  private renderEmpty() {
    return html`<div class="empty" data-testid="empty-codebook">
      <p><strong>No codes yet.</strong></p>
      ${
        this.canEdit
          ? html`<p>
              Start with “+ Theme” for each broad theme, then choose a theme and press “+ Code” to add the
              codes under it. Give each code a definition and say when to include and exclude it, so coders
              apply it the same way.
            </p>`
          : html`<p>
              The project’s owner or a reviewer builds the codebook; its codes appear here as they add them.
            </p>`
      }
    </div>`;
  }

  private renderTree(codes: readonly Code[]) {
    const shown = new Map(this.codebook.shownCodes.map((c) => [c.id, c.color]));
    const depths = codeDepths(codes);
    const parents = new Set(codes.map((c) => c.parentId));
    const focusable = this.selected ?? codes[0]?.id;
    return html`<ul role="tree" aria-label="Codebook" data-testid="code-tree">
      ${codes.map((code) => {
        const dropClass = this.drop?.id === code.id ? `drop-${this.drop.position}` : '';
        return html`<li
          role="treeitem"
          data-code=${code.id}
          class="${parents.has(code.id) ? 'theme' : ''} ${dropClass}"
          aria-level=${(depths.get(code.id) ?? 0) + 1}
          aria-selected=${String(code.id === this.selected)}
          tabindex=${code.id === focusable ? 0 : -1}
          draggable=${this.canEdit ? 'true' : 'false'}
          style=${styleMap({ paddingLeft: `${8 + (depths.get(code.id) ?? 0) * 18}px` })}
          @click=${() => (this.selected = code.id)}
          @focus=${() => (this.selected = code.id)}
          @keydown=${(e: KeyboardEvent) => this.onTreeKey(e, code)}
          @dragstart=${(e: DragEvent) => {
            this.dragging = code.id;
            e.dataTransfer?.setData('text/plain', code.id);
            if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
          }}
          @dragend=${() => {
            this.dragging = null;
            this.drop = null;
          }}
          @dragover=${(e: DragEvent) => this.onDragOver(e, code)}
          @dragleave=${() => {
            if (this.drop?.id === code.id) this.drop = null;
          }}
          @drop=${(e: DragEvent) => this.onDrop(e, code)}
        >
          <span class="chip" style=${styleMap({ background: shown.get(code.id) ?? code.color })}></span>
          <span class="name">${code.name}</span>
          <span class="count" title="Codings"
            >${this.frequencies ? (this.frequencies.get(code.id)?.total ?? 0) : ''}</span
          >
        </li>`;
      })}
    </ul>`;
  }

  private renderDetail(code: Code, codes: readonly Code[]) {
    const doc = this.codebook.doc!;
    const details = readCodeDetails(doc, code.id);
    const edit = this.canEdit;
    const set = (field: CodeField) => (e: Event) => {
      const saved = setCodeField(doc, code.id, field, (e.target as HTMLInputElement).value);
      if (!saved) this.fieldError = { code: code.id, field, message: CODE_WORDS.fields[field]! };
      else if (this.fieldError?.code === code.id && this.fieldError.field === field) this.fieldError = null;
    };
    const error = (field: CodeField) =>
      this.fieldError?.code === code.id && this.fieldError.field === field ? this.fieldError.message : null;
    const nameError = error('name');
    const descriptionError = error('description');
    const setDetail =
      <K extends keyof CodeDetails>(key: K, read: (v: string) => CodeDetails[K]) =>
      (e: Event) =>
        setCodeDetail(doc, code.id, key, read((e.target as HTMLTextAreaElement).value));
    const frequency = this.frequencies?.get(code.id);
    const review = this.project.state?.permissions.review ?? false;
    const targets = codes.filter((c) => c.id !== code.id && !isWithin(codes, c.id, code.id));
    const target = codes.find((c) => c.id === this.mergeTarget);
    // The code's analytic memo, apart from its definition here: opened, or started, on the memos page.
    const writesMemos = this.project.state?.permissions.code === true || review;
    return html`<form @submit=${(e: Event) => e.preventDefault()} aria-label="Code ${code.name}">
      ${
        writesMemos
          ? html`<a data-testid="code-memo" href="/projects/${this.projectId}/memos?code=${code.id}"
              >Memo on this code</a
            >`
          : nothing
      }
      <div class="row">
        <div class="field" style="flex:1">
          <label for="name">Name</label>
          <input
            id="name"
            .value=${live(code.name)}
            ?readonly=${!edit}
            maxlength="200"
            @input=${set('name')}
            data-testid="code-name"
            aria-invalid=${nameError ? 'true' : 'false'}
            aria-describedby=${nameError ? 'name-error' : nothing}
          />
          ${nameError ? html`<p id="name-error" class="field-error" data-testid="code-name-error">${nameError}</p>` : nothing}
        </div>
        <label
          >Colour <input type="color" .value=${live(code.color)} ?disabled=${!edit} @input=${set('color')}
        /></label>
      </div>
      ${this.shownAs(code)}
      <label
        >Definition
        <textarea
          .value=${live(code.description)}
          ?readonly=${!edit}
          @input=${set('description')}
          aria-invalid=${descriptionError ? 'true' : 'false'}
          aria-describedby=${descriptionError ? 'description-error' : nothing}
        ></textarea>
      </label>
      ${descriptionError ? html`<p id="description-error" class="field-error">${descriptionError}</p>` : nothing}
      <div class="two">
        <label
          >Include when
          <textarea
            .value=${live(details.inclusion)}
            ?readonly=${!edit}
            @input=${setDetail('inclusion', (v) => v)}
          ></textarea>
        </label>
        <label
          >Exclude when
          <textarea
            .value=${live(details.exclusion)}
            ?readonly=${!edit}
            @input=${setDetail('exclusion', (v) => v)}
          ></textarea>
        </label>
      </div>
      <label
        >Example quotes (one per line)
        <textarea
          .value=${live(details.examples.join('\n'))}
          ?readonly=${!edit}
          @input=${setDetail('examples', (v) => v.split('\n'))}
          @change=${setDetail('examples', (v) =>
            v
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean),
          )}
        ></textarea>
      </label>
      ${
        edit
          ? html`<div class="moves" role="group" aria-label="Move">
              ${(['up', 'down', 'indent', 'outdent'] as const).map(
                (m) =>
                  html`<button
                    type="button"
                    @click=${() => this.move(code.id, keyboardPlace(codes, code.id, m))}
                  >
                    ${{ up: 'Move up', down: 'Move down', indent: 'Nest under previous', outdent: 'Move out' }[m]}
                  </button>`,
              )}
              ${
                frequency === undefined &&
                this.frequencies !== null &&
                !codes.some((c) => c.parentId === code.id)
                  ? html`<button
                      type="button"
                      class="danger"
                      @click=${() => {
                        deleteCode(doc, codes, code.id);
                        this.selected = null;
                      }}
                    >
                      Delete (never applied)
                    </button>`
                  : nothing
              }
            </div>`
          : nothing
      }
      <section class="card">
        <h3>Frequency</h3>
        ${
          frequency
            ? html`<p style="margin:0" data-testid="code-frequency">
                ${frequency.total} coding${frequency.total === 1 ? '' : 's'} in ${frequency.documents}
                document${frequency.documents === 1 ? '' : 's'}:
                ${[...frequency.byCoder].map(([coder, n]) => `${this.name(coder)} ${n}`).join(' · ')}
              </p>`
            : html`<p class="muted" style="margin:0">
                ${this.frequencies ? 'Not applied yet.' : 'Counting…'}
              </p>`
        }
      </section>
      ${
        review
          ? html`<section class="card">
              <h3>Merge</h3>
              <div class="merge">
                <label
                  >Merge “${code.name}” into
                  <select
                    aria-label="Merge “${code.name}” into"
                    data-testid="merge-target"
                    @change=${(e: Event) => {
                      this.mergeTarget = (e.target as HTMLSelectElement).value;
                      this.confirmMerge = false;
                    }}
                  >
                    <option value="" ?selected=${!target}>Choose a code…</option>
                    ${targets.map((t) => html`<option value=${t.id} ?selected=${t.id === this.mergeTarget}>${t.name}</option>`)}
                  </select></label
                >
                ${
                  target && !this.confirmMerge
                    ? html`<button type="button" @click=${() => (this.confirmMerge = true)}>Merge…</button>`
                    : nothing
                }
                ${
                  target && this.confirmMerge
                    ? html`<button
                          type="button"
                          class="primary"
                          @click=${() => void this.merge(code, target)}
                        >
                          Merge ${frequency?.total ?? 0} codings into “${target.name}”
                        </button>
                        <button type="button" @click=${() => (this.confirmMerge = false)}>Cancel</button>`
                    : nothing
                }
              </div>
              <p class="hint">
                Every coder’s codings of “${code.name}” move to the other code, and “${code.name}” leaves the
                codebook.
              </p>
            </section>`
          : nothing
      }
    </form>`;
  }
}
