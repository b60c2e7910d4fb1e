// The Vue example: Vite + @vitejs/plugin-vue told which tags are custom elements, with billing-widgets
// resolved to this repo's built package.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { packageAliases } from '../package-aliases.js';

const BILLING_TAGS = new Set(['billing-provider', 'credit-balance', 'add-funds-dialog', 'auto-recharge-settings', 'balance-usage-table']);

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => BILLING_TAGS.has(tag) } } })],
  resolve: { alias: packageAliases() },
});
