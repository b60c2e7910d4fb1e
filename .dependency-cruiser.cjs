// dependency-cruiser: the layer rules of src/ (see the README's "Architecture"), checked in CI by `npm run lint:deps`.
//
//   components ─> store ─> client ─> i18n, money        an arrow: "may import"; never the reverse
//   components, store, client, payments ─> i18n, money   (i18n and money import none of them)
//   components ─/─> client/http-*.ts, change-feed.ts, mock/  (a widget acts through the BillingClient interface)
//   server ─/─> client/mock/                             (the real backend never runs on the mock)
//
// Type-only imports count too (tsPreCompilationDeps): a type import is still a dependency a reader must follow,
// and a cycle of them is still a knot. Offline and fast: it only reads the sources.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles, type-only ones included: a cycle means no module in it can be understood, tested or moved ' +
        "on its own (the i18n catalog once imported every widget's message types while every widget imported the catalog).",
      from: {},
      to: {
        circular: true,
      },
    },
    {
      name: 'store-not-to-components',
      severity: 'error',
      comment:
        'Data flows one way: widgets read the store, the store never knows which widgets exist. A store that ' +
        'imports a widget drags it (and its styles) into every bundle that only wants the store.',
      from: { path: '^src/store/' },
      to: { path: '^src/components/' },
    },
    {
      name: 'client-not-to-components-or-store',
      severity: 'error',
      comment:
        'The client is the transport seam a host may replace with its own: it knows nothing of the store or the ' +
        'widgets above it, so a host client, the mock and the HTTP client all stand alone.',
      from: { path: '^src/client/' },
      to: { path: '^src/(components|store)/' },
    },
    {
      name: 'i18n-and-money-at-the-bottom',
      severity: 'error',
      comment:
        'Message interfaces, English defaults, catalogs, money helpers and the business rules (src/rules: pure ' +
        'functions the widgets, the mock and the server share) are the bottom layer: every other layer ' +
        'imports them, so they import none of components, store, client or payments (else a cycle, and a widget ' +
        'would have to load to translate one string).',
      from: { path: '^src/(i18n|money|rules)/' },
      to: { path: '^src/(components|store|client|payments)/' },
    },
    {
      name: 'server-not-to-mock',
      severity: 'error',
      comment:
        "The reference server is the real backend: it must not run on the in-browser mock's code or seed data, " +
        'or a change to the demo fixture silently changes production behaviour. Shared rules live in one pure module both import.',
      from: { path: '^server/' },
      to: { path: '^src/client/mock/' },
    },
    {
      name: 'widgets-no-transport-or-mock',
      severity: 'error',
      comment:
        'A widget acts only through the BillingClient interface (from the store or its own .client property): it never ' +
        'picks a transport (http-client) or the mock itself, so a host can give it any client and no widget ships the mock.',
      from: { path: '^src/components/' },
      to: { path: '^src/client/((http-client|http-errors|change-feed)\\.ts$|mock/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    cache: false,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
