import { LitElement, html } from 'lit';
import type { PDFDocumentProxy, PDFWorker, TextLayer as TextLayerType } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type * as Y from 'yjs';
import { CodePointIndex } from '../../../../shared/model/codePoints.ts';
import { layoutPage } from '../../../../shared/pdf/layout.ts';
import type { PageRange } from '../../../../shared/sources.ts';
import type { CodingsPayload } from '../../editor/codingMarks.ts';
import { withAlpha } from '../../model/colors.ts';
import { documentOffset, itemSpans, pageAt, type LaidOutPage } from '../../model/pdfPositions.ts';
import type { SelectionDetail } from '../cc-transcript/transcript.component.ts';
import styles from './pdf-pages.styles.ts';
import { BundledFontData } from './standardFonts.ts';

/** Pages within this distance of the viewport (as CSS margin) are painted; others are released. */
const RENDER_MARGIN = '150% 0px';
/** The widest a page is shown, in CSS pixels, and the largest zoom. */
const MAX_PAGE_WIDTH = 900;
const MAX_SCALE = 2;
const GREY = '#777777';

/** A page being shown or painted. */
interface PageState {
  /** Cancels painting when the page leaves the viewport before it is done. */
  cancel: () => void;
  laidOut: LaidOutPage | null;
  textLayer: TextLayerType | null;
}

/**
 * A PDF document's pages as PDF.js paints them, with PDF.js's text layer over each so text can be
 * selected, and the codings of the shown layers drawn over that text. Only pages near the viewport
 * are painted (a 200-page PDF opens with its first pages); the file is read in ranges
 * (`GET …/file` honours HTTP Range), so pages far away are never downloaded.
 *
 * A selection on a page is reported in the document's positions (UTF-16, like the transcript
 * editor's): each text-layer span is one PDF.js text item, and `shared/pdf/layout.ts` says where
 * each item's characters sit in the page's text, which starts at its `PageRange` in the document.
 *
 * @event cc-selection - `CustomEvent<SelectionDetail>`: the selection on the pages moved (a
 *   click gives a collapsed one, so the codings there are listed).
 * @event cc-quick-code - `CustomEvent<number>`: 1–9 (or Alt+1–9) asked for a quick code (0 for "1").
 * @event cc-open-palette - `/` asked for the code palette.
 * @event cc-place - `CustomEvent<number>`: the document position (UTF-16) of the top of the first
 *   page in view, as the pages scroll.
 */
export class CcPdfPages extends LitElement {
  static override styles = styles;
  static override properties = {
    url: { type: String },
    pages: { attribute: false },
    ytext: { attribute: false },
    payload: { attribute: false },
    label: { type: String },
    pageCount: { state: true },
    size: { state: true },
    error: { state: true },
  };
  /** The PDF file (`GET …/documents/:documentId/file`). */
  declare url: string | null;
  /** Where each page's text sits in the document (`GET …/documents/:documentId/pages`). */
  declare pages: readonly PageRange[];
  /** The document's text, to convert code points to the editor's UTF-16 offsets. */
  declare ytext: Y.Text | null;
  declare payload: CodingsPayload | null;
  declare label: string;
  declare pageCount: number;
  /** Size of a page as first read (CSS pixels at `scale`): unpainted pages keep this size. */
  declare size: { width: number; height: number; scale: number } | null;
  declare error: string | null;

  private pdf: PDFDocumentProxy | null = null;
  private worker: PDFWorker | null = null;
  /** The web worker PDF.js runs in; PDF.js leaves a worker it was given running, so it is ended here. */
  private port: Worker | null = null;
  private loadedUrl: string | null = null;
  private observer: IntersectionObserver | null = null;
  private readonly painted = new Map<number, PageState>();
  private readonly visible = new Set<number>();
  private index: CodePointIndex | null = null;
  /** The text `index` was built from, observed so that a change rebuilds it. */
  private indexed: Y.Text | null = null;
  /** A position to show (and a range to select) once its page is painted. */
  private pending: { from: number; to: number; select: boolean } | null = null;
  /** Page 1's size at scale 1 (PDF units): pages are fitted to the view's width by it. */
  private firstPage: { width: number; height: number } | null = null;
  private readonly resizes = new ResizeObserver(() => this.fit());
  private readonly onSelectionChange = () => this.reportSelection();
  private readonly onKeydown = (e: KeyboardEvent) => this.keys(e);

  constructor() {
    super();
    this.url = null;
    this.pages = [];
    this.ytext = null;
    this.payload = null;
    this.label = 'Pages';
    this.pageCount = 0;
    this.size = null;
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Focusable, so the keyboard can scroll the pages and use the quick keys on a selection.
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
    document.addEventListener('selectionchange', this.onSelectionChange);
    this.addEventListener('keydown', this.onKeydown);
    this.addEventListener('scroll', this.onScroll, { passive: true });
    this.resizes.observe(this);
  }

  /**
   * Fits the pages to the view's width (up to a readable maximum); a new width paints the pages
   * in view again at the new scale.
   */
  private fit(): void {
    const first = this.firstPage;
    if (!first || this.clientWidth === 0) return;
    const room = Math.min(MAX_PAGE_WIDTH, Math.max(200, this.clientWidth - 24));
    const scale = Math.min(MAX_SCALE, room / first.width);
    if (this.size && Math.abs(this.size.scale - scale) < 0.01) return;
    for (const [n, state] of this.painted) {
      state.cancel();
      const section = this.renderRoot.querySelector<HTMLElement>(`.page[data-page="${n}"]`);
      section?.querySelector('.content')?.replaceChildren();
      if (section) delete section.dataset.painted;
    }
    this.painted.clear();
    this.size = { width: first.width * scale, height: first.height * scale, scale };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('selectionchange', this.onSelectionChange);
    this.removeEventListener('keydown', this.onKeydown);
    this.removeEventListener('scroll', this.onScroll);
    this.resizes.disconnect();
    this.indexed?.unobserve(this.onTextChange);
    this.indexed = null;
    this.index = null;
    this.unload();
  }

  /**
   * Scrolls to the page holding document position `from` (UTF-16) and, with `select`, selects
   * `[from, to)` on it once it is painted.
   */
  show(from: number, to: number = from, select = false): void {
    this.pending = { from, to, select };
    void this.updateComplete.then(() => this.showPending());
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('url') && this.url !== this.loadedUrl) {
      this.unload();
      if (this.url) void this.load(this.url);
    }
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('pageCount') || changed.has('size')) this.observePages();
    if (changed.has('payload') || changed.has('pages'))
      for (const n of this.painted.keys()) this.drawMarks(n);
    this.showPending();
  }

  private async load(url: string): Promise<void> {
    this.loadedUrl = url;
    this.error = null;
    try {
      const pdfjs = await import('pdfjs-dist');
      // One worker per view, ended with it: no PDF.js state outlives the document.
      this.port = new Worker(workerUrl, { type: 'module' });
      this.worker = pdfjs.PDFWorker.create({ port: this.port });
      const pdf = await pdfjs.getDocument({
        url,
        worker: this.worker,
        withCredentials: true,
        isEvalSupported: false,
        // Standard fonts come from the bundle, read on this thread (see standardFonts.ts).
        useWorkerFetch: false,
        BinaryDataFactory: BundledFontData,
        // Only the ranges the painted pages need are read.
        disableAutoFetch: true,
      }).promise;
      if (this.loadedUrl !== url) return void pdf.destroy().catch(() => undefined);
      this.pdf = pdf;
      const first = (await pdf.getPage(1)).getViewport({ scale: 1 });
      this.firstPage = { width: first.width, height: first.height };
      this.fit();
      this.pageCount = pdf.numPages;
    } catch (err) {
      if (this.loadedUrl === url)
        this.error = `The PDF could not be shown (${(err as Error).message}). “Text” shows the document’s text.`;
    }
  }

  private unload(): void {
    this.observer?.disconnect();
    this.observer = null;
    for (const state of this.painted.values()) state.cancel();
    this.painted.clear();
    this.visible.clear();
    void this.pdf?.destroy().catch(() => undefined);
    this.pdf = null;
    this.worker?.destroy();
    this.worker = null;
    this.port?.terminate();
    this.port = null;
    this.loadedUrl = null;
    this.pageCount = 0;
    this.size = null;
    this.firstPage = null;
  }

  private observePages(): void {
    this.observer?.disconnect();
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const n = Number((entry.target as HTMLElement).dataset.page);
          if (entry.isIntersecting) {
            this.visible.add(n);
            if (!this.painted.has(n)) this.paint(n, entry.target as HTMLElement);
          } else {
            this.visible.delete(n);
            this.release(n, entry.target as HTMLElement);
          }
        }
      },
      { root: this, rootMargin: RENDER_MARGIN },
    );
    for (const el of this.renderRoot.querySelectorAll('.page')) this.observer.observe(el);
  }

  /** Paints page `n`: the canvas, then the text layer and the codings over it. */
  private paint(n: number, section: HTMLElement): void {
    const pdf = this.pdf;
    const size = this.size;
    if (!pdf || !size) return;
    let cancelled = false;
    const state: PageState = { cancel: () => (cancelled = true), laidOut: null, textLayer: null };
    this.painted.set(n, state);
    void (async () => {
      const pdfjs = await import('pdfjs-dist');
      const page = await pdf.getPage(n);
      if (cancelled) return;
      const viewport = page.getViewport({ scale: size.scale });
      section.style.width = `${viewport.width}px`;
      section.style.height = `${viewport.height}px`;
      const canvas = document.createElement('canvas');
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.setAttribute('aria-hidden', 'true');
      const task = page.render({
        canvas,
        viewport,
        transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
      });
      state.cancel = () => {
        cancelled = true;
        task.cancel();
        state.textLayer?.cancel();
      };
      const content = await page.getTextContent();
      if (cancelled) return;
      const range = this.pages.find((p) => p.page === n);
      const strings = content.items.map((entry) => ('str' in entry ? entry.str : ''));
      state.laidOut = range ? { range, layout: layoutPage(content.items), strings } : null;
      // The text layer makes one span per text item, skipping marked-content entries: a span's
      // item is its index among all entries, as the layout counts them.
      const textItems = content.items.flatMap((entry, i) => ('str' in entry ? [i] : []));
      const container = document.createElement('div');
      container.className = 'textLayer';
      const textLayer = new pdfjs.TextLayer({ textContentSource: content, container, viewport });
      state.textLayer = textLayer;
      await Promise.all([task.promise, textLayer.render()]);
      if (cancelled) return;
      textLayer.textDivs.forEach((div, i) => (div.dataset.item = String(textItems[i])));
      const marks = document.createElement('div');
      marks.className = 'marks';
      section.querySelector('.content')!.replaceChildren(canvas, marks, container);
      section.dataset.painted = 'true';
      this.drawMarks(n);
      this.showPending();
      page.cleanup();
    })().catch((err: unknown) => {
      if (!cancelled && (err as Error).name !== 'RenderingCancelledException') {
        this.error = `Page ${n} could not be shown: ${(err as Error).message}`;
      }
    });
  }

  private release(n: number, section: HTMLElement): void {
    const state = this.painted.get(n);
    if (!state) return;
    state.cancel();
    this.painted.delete(n);
    section.querySelector('.content')?.replaceChildren();
    delete section.dataset.painted;
  }

  /** The document text's code-point index, built again only after the text changed. */
  private textIndex(): CodePointIndex | null {
    const ytext = this.ytext;
    if (!ytext) return null;
    if (this.indexed !== ytext) {
      this.indexed?.unobserve(this.onTextChange);
      ytext.observe(this.onTextChange);
      this.indexed = ytext;
      this.index = null;
    }
    this.index ??= new CodePointIndex(ytext.toString());
    return this.index;
  }

  private readonly onTextChange = () => {
    this.index = null;
  };

  /** Draws the shown layers' codings on page `n` as boxes over the text they cover. */
  private drawMarks(n: number): void {
    const state = this.painted.get(n);
    const section = this.renderRoot.querySelector<HTMLElement>(`.page[data-page="${n}"]`);
    const marks = section?.querySelector<HTMLElement>('.marks');
    const index = this.textIndex();
    const payload = this.payload;
    if (!state?.laidOut || !state.textLayer || !section || !marks || !index) return;
    marks.replaceChildren();
    if (!payload) return;
    const shown = new Set(payload.layers);
    const origin = section.getBoundingClientRect();
    const divs = this.spansByItem(section);
    for (const coding of payload.codings) {
      if (!shown.has(coding.coder)) continue;
      const color = payload.labels.codes.get(coding.codeId)?.color ?? GREY;
      const solid = coding.coder === payload.active;
      for (const span of itemSpans(state.laidOut, coding.from, coding.to, index)) {
        const node = divs.get(span.item)?.firstChild;
        if (!node) continue;
        const range = document.createRange();
        range.setStart(node, span.from);
        range.setEnd(node, span.to);
        for (const rect of range.getClientRects()) {
          const box = document.createElement('div');
          box.dataset.coding = coding.id;
          box.style.left = `${rect.left - origin.left}px`;
          box.style.top = `${rect.top - origin.top}px`;
          box.style.width = `${rect.width}px`;
          box.style.height = `${rect.height}px`;
          // As in the text view: the layer being coded into solid, other layers lighter, underlined.
          box.style.background = withAlpha(color, solid ? 0.35 : 0.15);
          if (!solid) box.style.borderBottom = `2px solid ${color}`;
          marks.append(box);
        }
      }
    }
  }

  /** Scrolls to (and selects) what `show` asked for, once the page holding it is painted. */
  private showPending(): void {
    const pending = this.pending;
    const index = this.textIndex();
    if (!pending || !this.size || !index || this.pages.length === 0) return;
    const page = pageAt(this.pages, index.toCodePoint(pending.from));
    if (!page) return;
    const section = this.renderRoot.querySelector<HTMLElement>(`.page[data-page="${page.page}"]`);
    if (!section) return;
    const state = this.painted.get(page.page);
    if (!state?.laidOut || section.dataset.painted !== 'true') {
      // Bring the page near the viewport: the observer paints it, and this runs again.
      if (!this.visible.has(page.page)) this.scrollTo({ top: this.offsetOf(section) - 12 });
      return;
    }
    this.pending = null;
    const spans = itemSpans(state.laidOut, pending.from, Math.max(pending.to, pending.from + 1), index);
    const divs = this.spansByItem(section);
    const first = spans[0];
    const last = spans[spans.length - 1];
    const firstNode = first && divs.get(first.item)?.firstChild;
    if (!first || !last || !firstNode) return this.scrollTo({ top: this.offsetOf(section) - 12 });
    this.scrollTo({ top: this.offsetOf(divs.get(first.item)!) - this.clientHeight / 3 });
    const lastNode = divs.get(last.item)?.firstChild;
    if (pending.select && lastNode && pending.to > pending.from) {
      document.getSelection()?.setBaseAndExtent(firstNode, first.from, lastNode, last.to);
    }
  }

  /** A painted page's text-layer spans by the index of the item each shows. */
  private spansByItem(section: HTMLElement): Map<number, HTMLElement> {
    const spans = new Map<number, HTMLElement>();
    for (const span of section.querySelectorAll<HTMLElement>('[data-item]'))
      spans.set(Number(span.dataset.item), span);
    return spans;
  }

  /**
   * How far below the top of the scrolled pages an element is, in CSS pixels. The pages scroll
   * by themselves: `scrollIntoView` would scroll the app's own page too.
   */
  private offsetOf(element: Element): number {
    return element.getBoundingClientRect().top - this.getBoundingClientRect().top + this.scrollTop;
  }

  private readonly onScroll = () => {
    const index = this.textIndex();
    if (!index || this.visible.size === 0) return;
    const top = this.getBoundingClientRect().top;
    // Only pages near the viewport can be at its top: no need to measure all of them.
    for (const n of [...this.visible].sort((a, b) => a - b)) {
      const section = this.renderRoot.querySelector<HTMLElement>(`.page[data-page="${n}"]`);
      if (!section || section.getBoundingClientRect().bottom <= top) continue;
      const range = this.pages.find((p) => p.page === Number(section.dataset.page));
      if (range) {
        this.dispatchEvent(
          new CustomEvent<number>('cc-place', {
            detail: index.toUtf16(range.start),
            bubbles: true,
            composed: true,
          }),
        );
      }
      return;
    }
  };

  /** The selection on the pages as document positions, when it lies on them. */
  private reportSelection(): void {
    const root = this.renderRoot as ShadowRoot;
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0) return;
    const [range] = selection.getComposedRanges({ shadowRoots: [root] });
    if (!range || !root.contains(range.startContainer) || !root.contains(range.endContainer)) return;
    const index = this.textIndex();
    if (!index) return;
    const from = this.positionOf(range.startContainer, range.startOffset, index);
    const to = range.collapsed ? from : this.positionOf(range.endContainer, range.endOffset, index);
    if (from === null || to === null) return;
    this.dispatchEvent(
      new CustomEvent<SelectionDetail>('cc-selection', {
        detail: { from: Math.min(from, to), to: Math.max(from, to) },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /**
   * The document position (UTF-16) of a DOM boundary point on a page: inside an item's span, its
   * character; elsewhere on the page (between spans), the start of the next item, or the end of
   * the last one before.
   */
  private positionOf(node: Node, offset: number, index: CodePointIndex): number | null {
    const element = node instanceof Element ? node : node.parentElement;
    const section = element?.closest<HTMLElement>('.page');
    const state = section ? this.painted.get(Number(section.dataset.page)) : undefined;
    if (!section || !state?.laidOut) return null;
    const laidOut = state.laidOut;
    const span = element!.closest<HTMLElement>('[data-item]');
    if (span && node.nodeType === Node.TEXT_NODE) {
      return documentOffset(laidOut, Number(span.dataset.item), offset, index);
    }
    if (span) {
      const item = Number(span.dataset.item);
      return documentOffset(laidOut, item, offset === 0 ? 0 : (laidOut.strings[item]?.length ?? 0), index);
    }
    // A point between children of a container: the first item at or after it.
    const items = [...section.querySelectorAll<HTMLElement>('[data-item]')];
    const boundary = document.createRange();
    boundary.setStart(node, offset);
    for (const candidate of items) {
      if (boundary.comparePoint(candidate, 0) >= 0) {
        return documentOffset(laidOut, Number(candidate.dataset.item), 0, index);
      }
    }
    const lastItem = items[items.length - 1];
    if (!lastItem) return index.toUtf16(laidOut.range.start);
    const item = Number(lastItem.dataset.item);
    return documentOffset(laidOut, item, laidOut.strings[item]?.length ?? 0, index);
  }

  /** 1–9 and Alt+1–9 apply quick codes, `/` opens the code palette (as in the text view). */
  private keys(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey) return;
    if (/^[1-9]$/.test(e.key) || (e.altKey && /^Digit[1-9]$/.test(e.code))) {
      e.preventDefault();
      const digit = Number(e.altKey ? e.code.slice(5) : e.key);
      this.dispatchEvent(
        new CustomEvent<number>('cc-quick-code', { detail: digit - 1, bubbles: true, composed: true }),
      );
    } else if (e.key === '/' && !e.altKey) {
      e.preventDefault();
      this.dispatchEvent(new CustomEvent('cc-open-palette', { bubbles: true, composed: true }));
    }
  }

  override render() {
    if (this.error) return html`<p class="error" role="alert" data-testid="pdf-error">${this.error}</p>`;
    const size = this.size;
    if (!size) return html`<p class="muted" style="margin:16px">Loading the PDF…</p>`;
    const pages = Array.from({ length: this.pageCount }, (_, i) => i + 1);
    return html`<div class="pages" role="document" aria-label=${this.label}>
      ${pages.map(
        (n) =>
          html`<section
            class="page"
            data-page=${n}
            aria-label=${`Page ${n}`}
            style="width:${size.width}px;height:${size.height}px;--total-scale-factor:${size.scale}"
          >
            <div class="content"></div>
            <span class="number" aria-hidden="true">${n}</span>
          </section>`,
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cc-place': CustomEvent<number>;
  }
}
