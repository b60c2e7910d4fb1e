// Types for scripts/minify-literals.mjs, which vite.config.ts, vite.bundle.config.ts and tests import.
import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { SourceMap } from 'magic-string';
import type { Plugin as VitePlugin } from 'vite';

export declare function minifyCss(text: string): string;
export declare function minifyMarkup(text: string): string;
/** Every css``/html``/svg`` template: its tag and the [start, end) offsets of its text pieces. */
export declare function findTemplates(
  code: string,
  fileName: string,
): Array<{ tag: 'css' | 'html' | 'svg'; ranges: Array<[number, number]> }>;
export declare function minifyLiterals(code: string, fileName: string): { code: string; map: SourceMap } | null;
export declare function minifyLiteralsPlugin(): VitePlugin;
export declare function minifyLiteralsEsbuild(): EsbuildPlugin;
