// Whether the table is phone-narrow (rows become cards, the filters fold into a disclosure), from its own width.
import type { ReactiveController, ReactiveElement } from 'lit';

/** At this width and narrower the table takes its phone layout. */
const NARROW_MAX_WIDTH = 480;

/**
 * Watches the host's width through a 0-high probe it renders (`.width-probe`), as wide as the host whichever layout
 * is chosen, so switching layouts never loops. Reads the width once before the first render too: the observer's first
 * answer may come a frame after it, and a phone then painted the wide filter bar once (481 -> 389 px).
 */
export class NarrowController implements ReactiveController {
  narrow = false;
  private observer?: ResizeObserver;

  constructor(private readonly host: ReactiveElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width ?? this.host.clientWidth;
      // At once, before this frame is painted: a phone never shows the wide filter bar first.
      this.set(width > 0 && width <= NARROW_MAX_WIDTH);
    });
    this.observe();
  }

  hostUpdate(): void {
    if (this.host.hasUpdated) return;
    const width = this.host.clientWidth;
    if (width > 0) this.narrow = width <= NARROW_MAX_WIDTH;
  }

  hostUpdated(): void {
    this.observe();
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }

  private set(narrow: boolean): void {
    if (narrow === this.narrow) return;
    this.narrow = narrow;
    this.host.requestUpdate();
  }

  private observe(): void {
    const probe = this.host.renderRoot.querySelector('.width-probe');
    if (probe) this.observer?.observe(probe);
  }
}
