// scripts/minify-literals.mjs shrinks the text of Lit templates in what `npm run build` ships, while every other
// test runs against the sources: so these tests show that nothing the browser reads changes meaning.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { transform } from 'lightningcss';
import { findTemplates, minifyCss, minifyLiterals, minifyMarkup } from '../../scripts/minify-literals.mjs';

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
  );

/** A template's CSS with each `${…}` stood in for by a declaration, as lightningcss sees a stylesheet. */
function stylesheets(code: string, file: string): string[] {
  return findTemplates(code, file)
    .filter((template) => template.tag === 'css')
    .map((template) => template.ranges.map(([start, end]) => code.slice(start, end)).join('--placeholder: 0;'));
}

/**
 * lightningcss's own minified form: two stylesheets that mean the same come out the same. It keeps values with a
 * var() as written, so the space after a comma (never significant there) is dropped on both sides.
 */
function canonical(css: string): string {
  return transform({ filename: 'x.css', code: Buffer.from(css), minify: true, errorRecovery: false })
    .code.toString()
    .replace(/,\s+/g, ',');
}

describe('minifyCss', () => {
  it('drops comments and whitespace, keeping what CSS reads', () => {
    assert.equal(
      minifyCss(`
      /* a comment */
      :host {
        display: block;
        inline-size: calc(100% - var(--x) * 2);
      }
      .a :hover, .b > .c { color: red !important; }
      @media (max-width: 480px) { .d { margin: 0 auto; } }
    `),
      ' :host{display:block;inline-size:calc(100% - var(--x) * 2)}.a :hover,.b > .c{color:red !important}@media (max-width:480px){.d{margin:0 auto}}',
    );
  });

  it('leaves quoted strings alone, even when they look like comments or hold runs of spaces', () => {
    assert.equal(
      minifyCss(`.a::before { content: '  /* not a comment */  '; font-family: "Segoe  UI", sans-serif; }`),
      `.a::before{content:'  /* not a comment */  ';font-family:"Segoe  UI",sans-serif}`,
    );
    assert.equal(minifyCss(`.a { content: 'it\\'s ; }'; }`), `.a{content:'it\\'s ; }'}`);
  });

  it('drops a comment that holds a quote, and minifies what follows it', () => {
    assert.equal(
      minifyCss(`/* the shadow root's top element */\n  .a {\n    color: red;\n  }\n  /* "b */ .b { margin: 0; }`),
      ' .a{color:red}.b{margin:0}',
    );
  });
});

describe('minifyMarkup', () => {
  it('turns a run of whitespace with a line break into one space and leaves the rest', () => {
    assert.equal(
      minifyMarkup('<div\n    class="a"\n  >\n    <span>a</span>  <b>b</b>\n  </div>\n'),
      '<div class="a" > <span>a</span>  <b>b</b> </div> ',
    );
  });

  it('is safe here because no source relies on preserved whitespace', () => {
    for (const file of sourceFiles('src')) {
      const code = readFileSync(file, 'utf8');
      assert.doesNotMatch(code, /<pre[\s>]|<textarea[\s>]|white-space:\s*pre(?!-?line)|white-space:\s*break-spaces/, file);
    }
  });
});

describe('minifyLiterals over the library sources', () => {
  const files = sourceFiles('src');

  it('finds the templates (and the ones nested in expressions)', () => {
    const code = 'const a = html`<p>\n  ${ok ? html`<b>\n yes</b>` : nothing}\n</p>`; const b = css`:host { display: block; }`;';
    assert.deepEqual(
      findTemplates(code, 'x.ts').map((template) => template.tag),
      ['html', 'html', 'css'],
    );
    const result = minifyLiterals(code, 'x.ts');
    assert.equal(result?.code, 'const a = html`<p> ${ok ? html`<b> yes</b>` : nothing} </p>`; const b = css`:host{display:block}`;');
  });

  it('changes no stylesheet: each means the same to a CSS parser before and after', () => {
    let checked = 0;
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      const minified = minifyLiterals(code, file)?.code ?? code;
      const before = stylesheets(code, file);
      const after = stylesheets(minified, file);
      assert.equal(after.length, before.length, file);
      before.forEach((css, index) => assert.equal(canonical(after[index]!), canonical(css), `${file}, stylesheet ${index + 1}`));
      checked += before.length;
    }
    assert.ok(checked >= 6, `only ${checked} stylesheets found`);
  });

  it('leaves no comment, line break or indentation in any stylesheet', () => {
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      for (const css of stylesheets(minifyLiterals(code, file)?.code ?? code, file)) {
        assert.doesNotMatch(css, /\/\*|\n| {2}/, file);
      }
    }
  });

  it('changes only template text: the code outside the templates is byte for byte the same', () => {
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      const result = minifyLiterals(code, file);
      if (!result) continue;
      const outside = (text: string) => {
        const ranges = findTemplates(text, file).flatMap((template) => template.ranges);
        let rest = '';
        let at = 0;
        for (const [start, end] of ranges.sort((a, b) => a[0] - b[0])) {
          rest += text.slice(at, start);
          at = end;
        }
        return rest + text.slice(at);
      };
      assert.equal(outside(result.code), outside(code), file);
      assert.ok(result.code.length < code.length, file);
    }
  });
});
