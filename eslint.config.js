// ESLint (flat config): type-aware typescript-eslint, the Lit and web-component plugins; Prettier owns layout.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import { defineConfig } from 'eslint/config';

const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.tsx'];
const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs'];

export default defineConfig(
  {
    ignores: ['dist/', 'storybook-static/', 'node_modules/', 'examples/', '.cem-check/', 'test-results/', '.data/'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    files: TS_FILES,
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // @open-wc/semantic-dom-diff types every chai `equal` as a Promise (its DOM overload); a plain equal is synchronous.
      // node:test's describe/it return a Promise that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: '@open-wc/semantic-dom-diff', name: 'Equal' },
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] },
          ],
        },
      ],
      // Counts and amounts in minor units are interpolated into messages, URLs and CSS; String(n) there adds nothing.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `@click=${() => this.close()}` is how Lit binds a handler; braces around each one would only add noise.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // An aborted call rejects with its signal's reason (typed any), as fetch does; a literal or a plain object is still refused.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
    },
  },
  {
    files: [...TS_FILES, ...JS_FILES],
    rules: {
      // A leading underscore marks a parameter an interface or a Lit directive's signature requires but this body ignores;
      // a destructured sibling of a ...rest is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // In-memory stand-ins for an asynchronous service (a card processor, Stripe) implement its async interface with no
    // I/O to await; `async` keeps each throw a rejection, as the real call's failure would be.
    files: ['server/payments/test-card-processor.ts', 'test/server/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // A test reaches into shadow roots it has just rendered; a missing node throws on that line and fails the test.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: JS_FILES,
    extends: [tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // These drive Chromium through Playwright: the functions they pass to page.evaluate run in the page.
    files: ['bench/usage-table.mjs', 'scripts/examples.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/**/*.ts', 'stories/**/*.ts', 'demo/**/*.ts', 'demo/**/*.js', 'test/**/*.ts', 'bench/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/best-practice']],
    languageOptions: { globals: { ...globals.browser } },
    settings: { wc: { elementBaseClasses: ['LitElement', 'BillingElement'] } },
    rules: {
      // The guard is for classes extending HTMLElement, which may lack a callback; LitElement defines every one of them.
      'wc/guard-super-call': 'off',
      // Beyond Lit's recommended set: its checks for mistakes, and the conventions this library follows (kebab-case
      // attributes, static styles, `nothing` for an empty part).
      'lit/attribute-names': ['error', { convention: 'kebab' }],
      'lit/lifecycle-super': 'error',
      'lit/no-classfield-shadowing': 'error',
      'lit/no-invalid-escape-sequences': 'error',
      'lit/no-legacy-imports': 'error',
      'lit/no-native-attributes': 'error',
      'lit/no-template-bind': 'error',
      'lit/no-this-assign-in-render': 'error',
      'lit/no-useless-template-literals': 'error',
      'lit/no-value-attribute': 'error',
      'lit/prefer-nothing': 'error',
      'lit/prefer-static-styles': 'error',
      'lit/value-after-constraints': 'error',
    },
  },
  {
    files: ['src/components/**/*.ts', 'src/payments/**/*.ts', 'src/store/billing-provider.ts', 'stories/**/*.ts'],
    rules: {
      // Lit calls a listener bound in a template (`@click=${this.onClick}`) with the host as `this`.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['stories/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Stories, fixtures and bench pages are plain templates in a page's light DOM, not elements with a shadow root.
      'lit/prefer-static-styles': 'off',
    },
  },
  {
    files: ['src/i18n/locales/**/*.ts'],
    rules: {
      // Catalogs write the no-break spaces their languages' typography asks for (French before : ; ? !) in templates too.
      'no-irregular-whitespace': ['error', { skipTemplates: true }],
    },
  },
);
