// What the component tests share: text as a person reads it, an element's parts by name, waiting for a condition,
// and a card-entry container inside a shadow root as a widget gives a payment provider.
import { fixture, html } from '@open-wc/testing';

/** Text as read: Unicode isolates removed, no-break spaces as spaces, whitespace collapsed. */
export function normalise(text: string | null | undefined): string {
  return (text ?? '')
    .replace(/[\u2066-\u2069]/g, '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Every element exposing `part="name"` as a host sees it: in the element's shadow root and, through `exportparts`, in
 * the shadow roots of the private sub-elements it renders (<billing-add-funds-form>, <billing-usage-grid>). A part a
 * sub-element forgets to export is not found, as `::part()` would not find it either.
 */
export function parts(el: Element, name: string): HTMLElement[] {
  const found: HTMLElement[] = [];
  const visit = (root: ShadowRoot, wanted: string) => {
    for (const node of root.querySelectorAll<HTMLElement>(`[part~="${wanted}"], [exportparts]`)) {
      if (node.matches(`[part~="${wanted}"]`)) found.push(node);
      // "inner" or "inner: outer": the host sees the outer name.
      for (const entry of node.getAttribute('exportparts')?.split(',') ?? []) {
        const [inner = '', outer = inner] = entry.split(':').map((side) => side.trim());
        if (node.shadowRoot && outer === wanted) visit(node.shadowRoot, inner);
      }
    }
  };
  visit(el.shadowRoot!, name);
  return found;
}

/** The first element exposing `part="name"` (see `parts`). */
export function part(el: Element, name: string): HTMLElement | null {
  return parts(el, name)[0] ?? null;
}

/** The normalised text of a part; '' when it is not rendered. */
export function partText(el: Element, name: string): string {
  return normalise(part(el, name)?.textContent);
}

/** Polls every 5 ms until `condition` holds; rejects naming `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not met in time`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A stand-in widget on the page (with `style`) and a container inside its shadow root, where a widget mounts a card entry. */
export async function containerInShadow(style = ''): Promise<{ widget: HTMLElement; container: HTMLElement }> {
  const widget = await fixture<HTMLElement>(html`<div style=${style}></div>`);
  const container = document.createElement('div');
  widget.attachShadow({ mode: 'open' }).append(container);
  return { widget, container };
}
