// A styleMap that never writes a style attribute: it sets each property through the CSSOM (style.setProperty), which
// a Content-Security-Policy without 'unsafe-inline' in style-src allows, where Lit's styleMap's first render does not.
import { noChange } from 'lit';
import { Directive, directive, PartType, type DirectiveResult, type ElementPart, type PartInfo } from 'lit/directive.js';

/** CSS property names as written in CSS (kebab-case, or --custom-properties) and their values. */
export type CssomStyleInfo = Readonly<Record<string, string>>;

class CssomStylesDirective extends Directive {
  private applied = new Map<string, string>();

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ELEMENT) throw new Error('cssomStyles() goes in an element position: <div ${cssomStyles({...})}>.');
  }

  render(_styles: CssomStyleInfo): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [CssomStyleInfo]): typeof noChange {
    const { style } = part.element as HTMLElement;
    for (const [name] of this.applied) {
      if (!(name in styles)) {
        style.removeProperty(name);
        this.applied.delete(name);
      }
    }
    for (const [name, value] of Object.entries(styles)) {
      if (this.applied.get(name) === value) continue;
      style.setProperty(name, value);
      this.applied.set(name, value);
    }
    return noChange;
  }
}

/** Sets inline styles on an element through the CSSOM only, e.g. `<div ${cssomStyles({ 'block-size': '48px' })}>`. */
// Typed from lit/directive.js so the published declaration imports lit, not lit-html (a dependency of lit only).
// Lit publishes DirectiveResult with its members stripped, so every DirectiveResult<…> is `{}` to the type checker.
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type
export const cssomStyles: (styles: Readonly<Record<string, string>>) => DirectiveResult<typeof CssomStylesDirective> =
  directive(CssomStylesDirective);
