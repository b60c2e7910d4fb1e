// LazyPart: a private sub-element's module fetched with import() only when it can be needed (<billing-add-funds-form>,
// <billing-usage-grid>); importing it defines the element, which brings its own styles. It is prefetched once the
// browser is idle after the element connects (unless the element says it will not show the part) and loaded at the
// latest when the element wants it; one import serves every element on the page; a failed import is forgotten, so
// trying again really fetches again. The element says what it shows meanwhile and on failure.
import type { ReactiveController, ReactiveElement } from 'lit';

/** One import() for the whole page: kept while it succeeds or is in flight, forgotten when it fails. */
export class SharedImport<M> {
  private pending?: Promise<M>;
  /** The import succeeded once: an element connected later takes the module at once instead of waiting for idle. */
  loaded = false;

  constructor(private readonly importer: () => Promise<M>) {}

  load(): Promise<M> {
    this.pending ??= this.importer().then(
      (module) => {
        this.loaded = true;
        return module;
      },
      (error: unknown) => {
        this.pending = undefined;
        throw error;
      },
    );
    return this.pending;
  }
}

export interface LazyPartOptions<M> {
  /** The page's shared import (for whether it already succeeded). */
  shared: SharedImport<M>;
  /** How this element loads it: the element's protected loader, so a test can make it fail. */
  load: () => Promise<M>;
  /** Whether the element shows the part now: a failure is then logged, and `settle()` waits for the import. */
  wanted: () => boolean;
  /** What the part is, for the console when it cannot load. */
  name: string;
  /** Called once this element has the module. */
  onLoad?: () => void;
  /**
   * Whether to fetch the part when the browser is idle, asked then (default: always). False while the element is set
   * never to show it (hide-forecast), so a page that turned the part off does not download it.
   */
  prefetch?: () => boolean;
}

export class LazyPart<M> implements ReactiveController {
  /** The module, once this element has it. */
  module?: M;
  /** The import in progress, settled once the element has taken its outcome in. */
  loading?: Promise<void>;
  /** The last import failed; `error` says why. */
  failed = false;
  error?: unknown;
  private cancelPrefetch?: () => void;

  constructor(
    private readonly host: ReactiveElement,
    private readonly options: LazyPartOptions<M>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.module || this.cancelPrefetch) return;
    const prefetchWanted = () => this.options.prefetch?.() ?? true;
    if (this.options.shared.loaded) {
      if (prefetchWanted()) void this.ensure();
      return;
    }
    const prefetch = () => {
      this.cancelPrefetch = undefined;
      if (this.host.isConnected && prefetchWanted()) void this.ensure();
    };
    if (typeof window.requestIdleCallback === 'function') {
      const handle = window.requestIdleCallback(prefetch, { timeout: 2000 });
      this.cancelPrefetch = () => window.cancelIdleCallback(handle);
    } else {
      const handle = window.setTimeout(prefetch, 1000);
      this.cancelPrefetch = () => window.clearTimeout(handle);
    }
  }

  hostDisconnected(): void {
    this.cancelPrefetch?.();
    this.cancelPrefetch = undefined;
  }

  /** Starts loading unless the module is here or on its way; resolves (never rejects) once the outcome is taken in. */
  ensure(): Promise<void> {
    if (this.module) return Promise.resolve();
    this.loading ??= this.options.load().then(
      (module) => {
        this.module = module;
        this.failed = false;
        this.error = undefined;
        this.loading = undefined;
        this.host.requestUpdate();
        this.options.onLoad?.();
      },
      (error: unknown) => {
        this.failed = true;
        this.error = error;
        this.loading = undefined;
        // Said on screen when wanted; kept for whoever debugs a missing chunk.
        if (this.options.wanted()) console.warn(`<${this.host.localName}>: ${this.options.name} could not load`, error);
        this.host.requestUpdate();
      },
    );
    return this.loading;
  }

  /** The element shows the part now: load it at the latest now. A failed import is tried again, and only said if it fails again. */
  want(): void {
    if (this.module || this.loading) return;
    this.failed = false;
    void this.ensure();
  }

  /** For getUpdateComplete: waits while the part is wanted and on its way; true when it waited. */
  async settle(): Promise<boolean> {
    if (!this.options.wanted() || this.module || !this.loading) return false;
    await this.loading;
    return true;
  }
}
