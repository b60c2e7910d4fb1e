// Minifies the text of Lit's css``, html`` and svg`` templates at build time. esbuild and rolldown minify
// the JavaScript around them but keep a template's text as written: indentation, newlines and CSS comments
// reached every page that loaded the widgets. The published build (vite.config.ts, vite.bundle.config.ts)
// and `npm run size` run every source file through `minifyLiterals`.
//
// Conservative on purpose, since tests run against the sources:
//   - css``: comments go; whitespace collapses; the spaces around `{ } ; ,` and after `:` go, as does the
//     `;` before `}`. Quoted strings are kept as they are. A space before `:` stays (`.a :hover` is not
//     `.a:hover`), and so do the spaces around `+ - * /` (calc needs them) and `>`.
//   - html`` / svg``: a run of whitespace that holds a line break becomes one space. HTML collapses such a run
//     to one space anyway, so no text or attribute changes meaning (no template of ours uses <pre> or
//     `white-space: pre`); bindings are untouched, only the text between them.
// Only the literal text between `${…}` changes; expressions (and templates nested in them) are visited on their own.
import MagicString from 'magic-string';
import ts from 'typescript';

const TAGS = new Set(['css', 'html', 'svg']);

/**
 * Splits CSS text into quoted strings (kept) and the rest (minified), each comment in the rest turned into a space.
 * One pass for both: an apostrophe in a comment ("the shadow root's") opens no string, and a comment inside a quoted
 * string stays.
 */
function splitQuoted(text) {
  const pieces = [];
  let code = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '/' && text[index + 1] === '*') {
      const close = text.indexOf('*/', index + 2);
      code += ' ';
      index = close === -1 ? text.length : close + 2;
    } else if (char === '"' || char === "'") {
      let end = index + 1;
      while (end < text.length && text[end] !== char) end += text[end] === '\\' ? 2 : 1;
      pieces.push({ code }, { quoted: text.slice(index, end + 1) });
      code = '';
      index = end + 1;
    } else {
      code += char;
      index += 1;
    }
  }
  pieces.push({ code });
  return pieces;
}

export function minifyCss(text) {
  return splitQuoted(text)
    .map(
      (piece) =>
        piece.quoted ??
        piece.code
          .replace(/\s+/g, ' ')
          .replace(/ ?([{};,]) ?/g, '$1')
          .replace(/: /g, ':'),
    )
    .join('')
    .replace(/;}/g, '}');
}

export function minifyMarkup(text) {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** The text pieces of a template literal as [start, end) offsets inside `code`, between the delimiters. */
function textRanges(template, source) {
  const range = (literal, close) => [literal.getStart(source) + 1, literal.getEnd() - close];
  if (ts.isNoSubstitutionTemplateLiteral(template)) return [range(template, 1)];
  return [range(template.head, 2), ...template.templateSpans.map((span) => range(span.literal, ts.isTemplateTail(span.literal) ? 1 : 2))];
}

function parse(code, fileName) {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : fileName.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  return ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, kind);
}

/** Every css``/html``/svg`` template in `code`, outermost first: its tag and the [start, end) of each text piece. */
export function findTemplates(code, fileName) {
  if (!/\b(?:css|html|svg)`/.test(code)) return [];
  const source = parse(code, fileName);
  const found = [];
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && TAGS.has(node.tag.text)) {
      found.push({ tag: node.tag.text, ranges: textRanges(node.template, source) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Returns `{ code, map }` with every css``/html``/svg`` template's text minified, or null when the file has none
 * (or nothing to shrink). `fileName` is used for the source map and to pick the TypeScript dialect.
 */
export function minifyLiterals(code, fileName) {
  const output = new MagicString(code);
  let changed = false;
  for (const { tag, ranges } of findTemplates(code, fileName)) {
    const minify = tag === 'css' ? minifyCss : minifyMarkup;
    ranges.forEach(([start, end], index) => {
      if (end <= start) return;
      const text = code.slice(start, end);
      let minified = minify(text);
      // A stylesheet's own first and last spaces go; one beside a `${…}` may be a descendant combinator, so it stays.
      if (tag === 'css' && index === 0) minified = minified.trimStart();
      if (tag === 'css' && index === ranges.length - 1) minified = minified.trimEnd();
      if (minified === text) return;
      if (minified === '') output.remove(start, end);
      else output.overwrite(start, end, minified);
      changed = true;
    });
  }
  if (!changed) return null;
  return { code: output.toString(), map: output.generateMap({ source: fileName, includeContent: true, hires: true }) };
}

const SOURCE_FILE = /\/src\/.*\.tsx?$/;

/** Vite / Rollup plugin: minifies the templates of the library's own sources. */
export function minifyLiteralsPlugin() {
  return {
    name: 'billing-widgets-minify-literals',
    transform(code, id) {
      const path = id.split('?')[0];
      return SOURCE_FILE.test(path) ? minifyLiterals(code, path) : null;
    },
  };
}

/** esbuild plugin doing the same, for scripts/size.mjs (so the figures are what the build ships). */
export function minifyLiteralsEsbuild() {
  return {
    name: 'billing-widgets-minify-literals',
    setup(build) {
      build.onLoad({ filter: SOURCE_FILE }, async (args) => {
        const { readFile } = await import('node:fs/promises');
        const code = await readFile(args.path, 'utf8');
        return { contents: minifyLiterals(code, args.path)?.code ?? code, loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts' };
      });
    },
  };
}
