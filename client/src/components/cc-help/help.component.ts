import { LitElement, html } from 'lit';
import { ROLES, SHORTCUTS, roleAbilities, type Ability } from '../../model/help.ts';
import { PAGE_GUIDES, type PageGuide } from '../../model/helpPages.ts';
import styles from './help.styles.ts';

/**
 * The Help page (`/help`), readable signed in or not: roles, blind rounds, what *Done* means,
 * units of analysis and agreement bands, keyboard shortcuts. The roles table comes from the
 * access rules (`model/help.ts`), so it says what the server enforces.
 */
export class CcHelp extends LitElement {
  static override styles = styles;
  static override properties = {
    signedIn: { type: Boolean },
  };
  /** Whether a user is signed in: the way back leads to the projects, else to the sign-in page. */
  declare signedIn: boolean;

  constructor() {
    super();
    this.signedIn = false;
    this.addEventListener('click', (e) => this.jump(e));
  }

  override render() {
    return html`<div class="wrap" data-testid="help">
      <div>
        <a href=${this.signedIn ? '/' : '/login'}>← ${this.signedIn ? 'Your projects' : 'Sign in'}</a>
        <h1>Help</h1>
        <p class="muted" style="margin:0">How a coding project runs in Concord, in plain words.</p>
      </div>
      <nav class="card" aria-label="Help topics">
        <ul>
          <li><a href="#roles">Roles</a></li>
          <li><a href="#blind">Blind rounds</a></li>
          <li><a href="#done">What “Done” means</a></li>
          <li><a href="#units">Units of analysis</a></li>
          <li><a href="#bands">Agreement bands</a></li>
          <li><a href="#keys">Keyboard shortcuts</a></li>
          ${PAGE_GUIDES.map((g) => html`<li><a href="#${g.id}">${g.title}</a></li>`)}
        </ul>
      </nav>
      ${this.roles()} ${this.blind()} ${this.done()} ${this.units()} ${this.bands()} ${this.keys()}
      ${PAGE_GUIDES.map((g) => this.pageGuide(g))}
    </div>`;
  }

  /** Jumps to a section without changing the page's URL (the app's router owns the path). */
  private jump(e: Event): void {
    const anchor = e.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    const id = anchor?.getAttribute('href');
    if (!id?.startsWith('#')) return;
    e.preventDefault();
    const target = this.renderRoot.querySelector<HTMLElement>(id);
    target?.scrollIntoView({ block: 'start' });
    target?.focus();
  }

  private readonly onHashChange = () => this.showSection();

  /** A link such as `/help#done` opens at that section. */
  override firstUpdated(): void {
    this.showSection();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
  }

  private showSection(): void {
    const id = location.hash.slice(1);
    if (/^[a-z-]+$/.test(id)) this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.scrollIntoView();
  }

  private roles() {
    const cell = (may: Ability['by'][keyof Ability['by']]) =>
      may === true
        ? html`<td class="yes">Yes</td>`
        : may === 'if allowed'
          ? html`<td>If the project allows it</td>`
          : html`<td class="no">No</td>`;
    return html`<section class="card" id="roles" tabindex="-1" aria-labelledby="roles-title">
      <h2 id="roles-title">Roles</h2>
      <p>
        Every member of a project has one role. The owner invites members and gives them their role.
        <strong>Coders</strong> code; <strong>reviewers</strong> (supervisors) settle disagreements into the
        consensus; <strong>viewers</strong> read along without coding.
      </p>
      <div class="table-scroll">
        <table data-testid="help-roles">
          <thead>
            <tr>
              <th scope="col">Who may…</th>
              ${ROLES.map((r) => html`<th scope="col">${r[0]!.toUpperCase() + r.slice(1)}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${roleAbilities().map(
              (a) =>
                html`<tr>
                  <th scope="row">${a.what}</th>
                  ${ROLES.map((r) => cell(a.by[r]))}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
  }

  private blind() {
    return html`<section class="card" id="blind" tabindex="-1" aria-labelledby="blind-title">
      <h2 id="blind-title">Blind rounds</h2>
      <p>
        In an <strong>open round</strong> everyone sees everyone’s codings as they are made, with each other’s
        cursors. In a <strong>blind round</strong> coders work independently, so that agreement measures
        independent judgements. While the round is blind, coders and viewers stop seeing:
      </p>
      <ul>
        <li>other coders’ codings and the consensus,</li>
        <li>other people’s cursors and selections in the transcript,</li>
        <li>every agreement figure, and anything else computed across coders.</li>
      </ul>
      <p>
        Reviewers and owners still see everything. Nothing is deleted: when the round closes, or a reviewer
        opens it, everyone sees all the codings once more.
      </p>
      <p>
        A round is started and closed on the project’s <strong>Rounds</strong> page (the project page’s
        <em>Start a blind round…</em> leads there, with <em>Blind</em> ticked): it names its coders and
        documents, and when it closes its agreement figures are frozen for the methods section. The project
        page shows the open round; a reviewer can open it or make it blind again there. Documents the round’s
        coders had already coded before it started were not coded blind: a sample leaves them out, and the
        methods text says so for any the round includes.
      </p>
    </section>`;
  }

  private done() {
    return html`<section class="card" id="done" tabindex="-1" aria-labelledby="done-title">
      <h2 id="done-title">What “Done” means</h2>
      <p>
        When you have coded a whole transcript, tick <strong>Done</strong> in the transcript’s toolbar. It
        says: “my coding of this transcript is complete”. You can still change your codings afterwards.
      </p>
      <p>
        Agreement compares finished work only. A coder who has not marked a transcript done counts as
        <em>missing</em> there, not as someone who found nothing to code, so half-finished work never drags
        the figures down. The coders compared are those who marked at least one transcript done; a supervisor
        who only tried a few codes is not counted as a coder.
      </p>
      <p>
        The review queue lists a transcript’s disagreements once at least two coders have marked it done:
        before that there is nothing finished to compare.
      </p>
    </section>`;
  }

  private units() {
    return html`<section class="card" id="units" tabindex="-1" aria-labelledby="units-title">
      <h2 id="units-title">Units of analysis</h2>
      <p>
        Agreement is counted over units: the pieces of text on which two coders either made the same decision
        or not. The agreement page lets you choose them and always says which it used.
      </p>
      <dl>
        <dt><strong>Segments</strong></dt>
        <dd>
          The text is cut into paragraphs, lines, sentences or speaker turns. For each segment and each code,
          a coder either applied the code somewhere in it or did not. Best for line-by-line or turn-by-turn
          coding, and the usual choice for a methods section.
        </dd>
        <dt><strong>Characters</strong></dt>
        <dd>
          Every character is a unit, as NVivo counts. Text nobody coded counts as agreement, which makes
          percent agreement look better than it is; offered so you can reproduce NVivo’s figures.
        </dd>
        <dt><strong>Unitizing (α<sub>u</sub>)</strong></dt>
        <dd>
          Coders mark passages freely, and Krippendorff’s α<sub>u</sub> compares where each coded passage
          begins and ends. Use it when deciding where a passage starts and stops is part of the judgement.
        </dd>
      </dl>
    </section>`;
  }

  private bands() {
    return html`<section class="card" id="bands" tabindex="-1" aria-labelledby="bands-title">
      <h2 id="bands-title">Agreement bands</h2>
      <p>
        Each figure runs up to 1 (perfect agreement); 0 means no better than chance, and below 0 worse than
        chance. “n/a” means the figure cannot be computed, for example when only one coder has finished or
        nobody used the code; hover over it to read why.
      </p>
      <p><strong>κ (Cohen’s for two coders, Fleiss’ for more)</strong>, after Landis &amp; Koch (1977):</p>
      <ul>
        <li>below 0: poor</li>
        <li>0 to 0.20: slight</li>
        <li>0.21 to 0.40: fair</li>
        <li>0.41 to 0.60: moderate</li>
        <li>0.61 to 0.80: substantial</li>
        <li>above 0.80: almost perfect</li>
      </ul>
      <p>
        <strong>Krippendorff’s α and α<sub>u</sub></strong
        >, after Krippendorff (2004):
      </p>
      <ul>
        <li>0.800 or more: reliable</li>
        <li>0.667 to 0.800: tentative, good enough for tentative conclusions only</li>
        <li>below 0.667: unreliable</li>
      </ul>
    </section>`;
  }

  /** One page of the app, explained (after the topics above, so their anchors stay put). */
  private pageGuide(guide: PageGuide) {
    return html`<section class="card" id=${guide.id} tabindex="-1" aria-labelledby="${guide.id}-title">
      <h2 id="${guide.id}-title">${guide.title}</h2>
      ${guide.paragraphs.map((p) => html`<p>${p}</p>`)}
    </section>`;
  }

  private keys() {
    return html`<section class="card" id="keys" tabindex="-1" aria-labelledby="keys-title">
      <h2 id="keys-title">Keyboard shortcuts</h2>
      ${SHORTCUTS.map(
        (group) =>
          html`<h3>${group.where}</h3>
            <dl>
              ${group.shortcuts.map(
                (s) =>
                  html`<dt>
                      ${s.keys.map((k) => (k === '…' ? html`<span aria-hidden="true">…</span>` : html`<kbd>${k}</kbd>`))}
                    </dt>
                    <dd>${s.what}</dd>`,
              )}
            </dl>`,
      )}
    </section>`;
  }
}
