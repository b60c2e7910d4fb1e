// The Angular example: Vite with a small ahead-of-time plugin built on Angular's own compiler (@angular/compiler-cli),
// with billing-widgets resolved to this repo's built package. The plugin compiles the example's TypeScript with
// ngtsc (templates compiled and type-checked with strictTemplates; any error fails the build) and links the
// framework's partially compiled packages with Angular's Babel linker, as the Angular CLI does. An Angular CLI app
// needs none of this: `ng build` does both, and only `schemas: [CUSTOM_ELEMENTS_SCHEMA]` is asked of it.
import { fileURLToPath } from 'node:url';
import { formatDiagnostics, NgtscProgram, readConfiguration } from '@angular/compiler-cli';
import linkerPlugin from '@angular/compiler-cli/linker/babel';
import { transformAsync } from '@babel/core';
import ts from 'typescript';
import { defineConfig, type Plugin } from 'vite';
import { packageAliases } from '../package-aliases.js';

function angularAot(tsconfig: string): Plugin {
  const compiled = new Map<string, string>(); // emitted .js path -> code
  return {
    name: 'billing-examples:angular-aot',
    enforce: 'pre',
    buildStart() {
      compiled.clear();
      const { rootNames, options, errors } = readConfiguration(tsconfig);
      if (errors.length > 0) this.error(formatDiagnostics(errors));
      const host = ts.createCompilerHost(options);
      host.writeFile = (fileName, text) => compiled.set(fileName, text);
      const program = new NgtscProgram(rootNames, { ...options, noEmit: false }, host);
      const diagnostics = [
        ...program.getTsOptionDiagnostics(),
        ...program.getNgOptionDiagnostics(),
        ...program.getTsSyntacticDiagnostics(),
        ...program.getTsSemanticDiagnostics(),
        ...program.getNgStructuralDiagnostics(),
        ...program.getNgSemanticDiagnostics(), // the template type-check
      ].filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
      if (diagnostics.length > 0) this.error(`Angular compilation failed:\n${formatDiagnostics(diagnostics)}`);
      program.emit();
    },
    load(id) {
      return id.endsWith('.ts') ? compiled.get(id.replace(/\.ts$/, '.js')) : undefined;
    },
    async transform(code, id) {
      if (!id.includes('/node_modules/') || !/\.m?js$/.test(id) || !code.includes('ɵɵngDeclare')) return undefined;
      const linked = await transformAsync(code, {
        filename: id,
        babelrc: false,
        configFile: false,
        sourceMaps: true,
        plugins: [linkerPlugin],
      });
      return linked?.code ? { code: linked.code, map: linked.map } : undefined;
    },
  };
}

export default defineConfig({
  plugins: [angularAot(fileURLToPath(new URL('tsconfig.json', import.meta.url)))],
  resolve: { alias: packageAliases() },
  // Angular's production switches, as `ng build` sets them: no dev-mode checks, no JIT compiler.
  define: { ngDevMode: 'false', ngJitMode: 'false', ngI18nClosureMode: 'false' },
});
