import { CcCodePalette } from './code-palette.component.ts';

export { CcCodePalette };
customElements.define('cc-code-palette', CcCodePalette);

declare global {
  interface HTMLElementTagNameMap {
    'cc-code-palette': CcCodePalette;
  }
}
