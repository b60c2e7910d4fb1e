// Brings <billing-usage-grid>'s call details into view once opened: on a phone they render under the list, off-screen.

/**
 * Scrolls `panel` only as far as needed to show it (smoothly, unless the person asked for less motion). With
 * `moveFocus`, focus follows: on a phone the tapped row scrolls away, and a screen reader then reads the details.
 */
export function revealDetailPanel(panel: HTMLElement | null, moveFocus: boolean): void {
  if (!panel) return;
  const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  panel.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: reduceMotion ? 'auto' : 'smooth' });
  // The scroll above is the one wanted: focus must not jump the page to the panel's top without the animation.
  if (moveFocus) panel.focus({ preventScroll: true });
}
