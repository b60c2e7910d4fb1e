// Resolves `billing-widgets` and its subpaths the way a host app does: through package.json "exports", to the
// built dist/ (run `npm run build` first), so the examples exercise what is published, not the sources.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Alias } from 'vite';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

type ExportTarget = string | { import?: string; default?: string };

export function packageAliases(): Alias[] {
  const manifest = JSON.parse(readFileSync(`${packageRoot}package.json`, 'utf8')) as {
    name: string;
    exports: Record<string, ExportTarget>;
  };
  return Object.entries(manifest.exports)
    .map(([subpath, target]) => [subpath, typeof target === 'string' ? target : (target.import ?? target.default)] as const)
    .filter((entry): entry is readonly [string, string] => typeof entry[1] === 'string' && entry[1].endsWith('.js'))
    .map(([subpath, file]) => {
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      return { find: new RegExp(`^${escaped}$`), replacement: `${packageRoot}${file.slice(2)}` };
    });
}
