// Types for scripts/demo-static.mjs, which TypeScript tests import.
export declare const STRIPE_CSP_SOURCES: Record<'script-src' | 'frame-src' | 'connect-src', string[]>;
export declare function strictContentSecurityPolicy(options?: { stripe?: boolean }): string;
export declare function buildDemo(outDir: string): Promise<void>;
export declare function serveDirectory(
  root: string,
  options?: { headers?: Record<string, string>; htmlSplitAt?: string; pauseMs?: number },
): Promise<{ url: string; close: () => Promise<void> }>;
