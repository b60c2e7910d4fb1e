// Types for scripts/chromium.mjs, which TypeScript tests import.
export declare const CHROMIUM_ARGS: string[];
export declare function findChromium(): string | null;
export declare function chromiumExecutable(): string;
