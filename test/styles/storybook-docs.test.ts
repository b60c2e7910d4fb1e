// Storybook's Docs tables key every row by name: the manifest it is given must list only public members, with no slot, event, token or part hidden by a row of the same name.
import { expect } from '@open-wc/testing';
import { publicApi, type Manifest } from '../../.storybook/public-api.js';

interface Declaration {
  tagName?: string;
  members?: Array<{ name: string; kind?: string; privacy?: string }>;
  attributes?: Array<{ name: string }>;
  events?: Array<{ name: string }>;
  slots?: Array<{ name: string }>;
  cssProperties?: Array<{ name: string }>;
  cssParts?: Array<{ name: string }>;
}

async function manifest(): Promise<Manifest> {
  return (await (await fetch('/custom-elements.json')).json()) as Manifest;
}

function elements(value: Manifest): Declaration[] {
  return value.modules.flatMap((module) => (module.declarations ?? []) as Declaration[]).filter((declaration) => declaration.tagName);
}

describe('the manifest Storybook shows', () => {
  it('has no private or protected member', async () => {
    for (const element of elements(publicApi(await manifest()))) {
      const hidden = (element.members ?? []).filter((member) => member.privacy === 'private' || member.privacy === 'protected');
      expect(
        hidden.map((member) => member.name),
        element.tagName,
      ).to.deep.equal([]);
    }
  });

  it('keeps the public properties', async () => {
    const balance = elements(publicApi(await manifest())).find((element) => element.tagName === 'credit-balance')!;
    expect((balance.members ?? []).map((member) => member.name)).to.include.members([
      'client',
      'locale',
      'variant',
      'hideAddFunds',
      'messages',
    ]);
  });

  it('gives every slot, event, custom property and part a row name no other row uses', async () => {
    for (const element of elements(publicApi(await manifest()))) {
      const rows = [
        ...(element.members ?? []).filter((member) => member.kind !== 'method').map((member) => ['property', member.name]),
        ...(element.attributes ?? []).map((attribute) => ['attribute', attribute.name]),
        ...(element.events ?? []).map((event) => ['event', event.name]),
        ...(element.slots ?? []).map((slot) => ['slot', slot.name]),
        ...(element.cssProperties ?? []).map((property) => ['css property', property.name]),
        ...(element.cssParts ?? []).map((part) => ['part', part.name]),
      ] as Array<[string, string]>;
      const categoriesByName = new Map<string, Set<string>>();
      for (const [category, name] of rows) categoriesByName.set(name, (categoriesByName.get(name) ?? new Set()).add(category));
      // A property and its attribute may share a name: they are one row, as Storybook merges them.
      const clashes = [...categoriesByName]
        .filter(
          ([, categories]) =>
            [...categories].some((category) => category !== 'property' && category !== 'attribute') && categories.size > 1,
        )
        .map(([name, categories]) => `${name}: ${[...categories].join(' + ')}`);
      expect(clashes, `${element.tagName}: ${clashes.join('; ')}`).to.deep.equal([]);
    }
  });

  it('would catch the clash: credit-balance has a slot and a part both named "note"', async () => {
    const raw = elements(await manifest()).find((element) => element.tagName === 'credit-balance')!;
    expect((raw.slots ?? []).map((slot) => slot.name)).to.include('note');
    expect((raw.cssParts ?? []).map((part) => part.name)).to.include('note');
  });
});
