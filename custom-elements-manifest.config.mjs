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
  ],
};
