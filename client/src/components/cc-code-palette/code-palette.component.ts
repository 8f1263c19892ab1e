import { LitElement, html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { codeDepths, searchCodes } from '../../model/quickCodes.ts';
import type { Code } from '../../../../shared/schemas.ts';
import styles from './code-palette.styles.ts';

/**
 * The searchable code palette: type to filter, arrows to move, Enter to apply the highlighted
 * code to the transcript's selection, Escape to go back to the text. Each code with a number key
 * shows it (the keys stay with their codes; the coding view assigns them).
 *
 * @event cc-apply-code - `CustomEvent<string>`: the code id to apply.
 * @event cc-palette-close - Escape: the user wants to return to the transcript.
 */
export class CcCodePalette extends LitElement {
  static override styles = styles;
  static override properties = {
    codes: { attribute: false },
    keys: { attribute: false },
    disabled: { type: Boolean },
    hint: { type: String },
    query: { state: true },
    active: { state: true },
  };
  declare codes: Code[];
  /** Code id → its number key ("1"–"9"). */
  declare keys: ReadonlyMap<string, string>;
  /** Nothing to apply to (no selection, or no layer to write). */
  declare disabled: boolean;
  declare hint: string;
  declare query: string;
  declare active: number;

  constructor() {
    super();
    this.codes = [];
    this.keys = new Map();
    this.disabled = false;
    this.hint = '';
    this.query = '';
    this.active = 0;
  }

  /** Moves focus to the search box. */
  override focus(): void {
    this.renderRoot.querySelector('input')?.focus();
  }

  private matchingCodes(): Code[] {
    return searchCodes(this.codes, this.query);
  }

  private apply(code: Code | undefined): void {
    if (!code || this.disabled) return;
    this.dispatchEvent(
      new CustomEvent<string>('cc-apply-code', { detail: code.id, bubbles: true, composed: true }),
    );
  }

  private onKey(e: KeyboardEvent): void {
    const matches = this.matchingCodes();
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.active = Math.min(Math.max(0, this.active + step), Math.max(0, matches.length - 1));
      this.updateComplete.then(
        () => this.renderRoot.querySelector('li[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' }),
        () => undefined,
      );
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.apply(matches[this.active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.dispatchEvent(new CustomEvent('cc-palette-close', { bubbles: true, composed: true }));
    }
  }

  override render() {
    const matches = this.matchingCodes();
    const depths = codeDepths(this.codes);
    const quick = this.keys;
    const parents = new Set(this.codes.map((c) => c.parentId));
    const active = matches[this.active];
    return html`
      <label class="visually-hidden" for="search">Find a code</label>
      <input
        id="search"
        type="search"
        placeholder="Find a code… ( / )"
        autocomplete="off"
        role="combobox"
        aria-expanded="true"
        aria-controls="codes"
        aria-activedescendant=${active ? `code-${active.id}` : nothing}
        .value=${this.query}
        @input=${(e: InputEvent) => {
          this.query = (e.target as HTMLInputElement).value;
          this.active = 0;
        }}
        @keydown=${(e: KeyboardEvent) => this.onKey(e)}
      />
      ${this.hint ? html`<p class="hint" aria-live="polite">${this.hint}</p>` : nothing}
      <ul id="codes" role="listbox" aria-label="Codes" data-testid="code-palette">
        ${matches.map(
          (code, i) =>
            html`<li
              id="code-${code.id}"
              role="option"
              class=${parents.has(code.id) ? 'theme' : ''}
              aria-selected=${String(i === this.active)}
              aria-disabled=${String(this.disabled)}
              style=${styleMap({ paddingLeft: `${8 + (this.query ? 0 : (depths.get(code.id) ?? 0) * 14)}px` })}
              title=${code.description}
              @click=${() => {
                this.active = i;
                this.apply(code);
              }}
            >
              <span class="chip" style=${styleMap({ background: code.color })}></span>
              <span>${code.name}</span>
              ${quick.has(code.id) ? html`<span class="key" aria-label="key ${quick.get(code.id)}">${quick.get(code.id)}</span>` : nothing}
            </li>`,
        )}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cc-apply-code': CustomEvent<string>;
    'cc-palette-close': CustomEvent<void>;
  }
}
