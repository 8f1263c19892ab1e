import { LitElement, html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { Awareness } from 'y-protocols/awareness';
import { AwarenessController } from '../../controllers/AwarenessController.ts';
import { initials, personColor } from '../../model/colors.ts';
import styles from './presence.styles.ts';

/** Who else has the document open, as initials in their cursor colour. */
export class CcPresence extends LitElement {
  static override styles = styles;
  static override properties = {
    awareness: { attribute: false },
    selfId: { type: String },
  };
  declare awareness: Awareness | null;
  declare selfId: string | null;
  private readonly presence = new AwarenessController(this, () => this.awareness);

  constructor() {
    super();
    this.awareness = null;
    this.selfId = null;
  }

  override render() {
    const others = this.presence.others(this.selfId);
    if (others.length === 0) return html`<span class="alone" data-testid="presence">Only you here</span>`;
    return html`<ul data-testid="presence" aria-label="Also in this document">
      ${others.map(
        (p) =>
          html`<li
            title="${p.name} is in this document"
            aria-label=${p.name}
            style=${styleMap({ background: personColor(p.id).color })}
          >
            ${initials(p.name)}
          </li>`,
      )}
    </ul>`;
  }
}
