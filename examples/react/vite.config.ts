// The React example: Vite + @vitejs/plugin-react, with billing-widgets resolved to this repo's built package.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { packageAliases } from '../package-aliases.js';

export default defineConfig({
  plugins: [react()],
  resolve: { alias: packageAliases() },
});
