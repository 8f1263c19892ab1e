import { CcTranscript } from './transcript.component.ts';

export { CcTranscript };
customElements.define('cc-transcript', CcTranscript);

declare global {
  interface HTMLElementTagNameMap {
    'cc-transcript': CcTranscript;
  }
}
