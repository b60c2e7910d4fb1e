// cem analyze: reads the elements' JSDoc and writes custom-elements.json (the public contract).
export default {
  globs: ['src/components/**/*.ts', 'src/store/billing-provider.ts'],
  exclude: ['src/**/*.styles.ts'],
  litelement: true,
  // package.json names the manifest already; a check run with another --outdir must not rewrite it.
  packagejson: false,
  plugins: [
    {
      name: 'stable-module-order',
      // The analyzer reads files concurrently, so module order varies between runs; CI diffs this file.
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      },
    },
    {
      name: 'no-guessed-event-twins',
      // The analyzer also guesses events from `dispatchEvent(new XEvent(variable))` calls, naming them after the
      // variable ("topUp", "next") or nothing. Drop a guess whose class a `@fires` entry already documents; keep any
      // other, so an undocumented dispatch stays visible (test/react/react-events.node.test.ts fails on it).
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (!declaration.events) continue;
            const documented = new Set(
              declaration.events.filter((event) => event.description !== undefined).map((event) => event.type?.text),
            );
            declaration.events = declaration.events.filter((event) => event.description !== undefined || !documented.has(event.type?.text));
          }
        }
      },
    },
  ],
};
