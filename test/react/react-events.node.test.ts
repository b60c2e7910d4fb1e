// The React wrappers' event props against the contract: every event in custom-elements.json and in each events.ts has its prop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { eventPropName, reactEventProps } from '../../src/react/events.js';

interface ManifestEvent {
  name?: string;
  description?: string;
  type?: { text?: string };
}
interface ManifestDeclaration {
  tagName?: string;
  customElement?: boolean;
  events?: ManifestEvent[];
}
interface Manifest {
  modules: Array<{ path: string; declarations?: ManifestDeclaration[] }>;
}

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as Manifest;
const elements = manifest.modules.flatMap((module) => module.declarations ?? []).filter((declaration) => declaration.tagName);

/**
 * The events an element documents. The analyzer also lists each `dispatchEvent(new X(value))` it sees, named after
 * the argument or unnamed; the manifest config drops those whose class is documented, so any left are undocumented.
 */
function documentedEvents(declaration: ManifestDeclaration): string[] {
  return (declaration.events ?? [])
    .filter((event): event is ManifestEvent & { name: string } => typeof event.name === 'string' && event.description !== undefined)
    .map((event) => event.name);
}

test('every element in custom-elements.json has a wrapper, and no wrapper is for an unknown tag', () => {
  const manifestTags = elements.map((declaration) => declaration.tagName).sort();
  assert.deepEqual(Object.keys(reactEventProps).sort(), manifestTags);
});

for (const declaration of elements) {
  const tag = declaration.tagName!;
  test(`<${tag}>: the wrapper's event props are exactly the manifest's events`, () => {
    const props = reactEventProps[tag as keyof typeof reactEventProps] as Record<string, string>;
    const expected = Object.fromEntries(documentedEvents(declaration).map((name) => [eventPropName(name), name]));
    assert.deepEqual(props, expected);
  });

  test(`<${tag}>: every event the manifest infers from dispatchEvent is one of its documented events`, () => {
    const documentedTypes = new Set(
      (declaration.events ?? []).filter((event) => event.description !== undefined).map((event) => event.type?.text),
    );
    for (const event of declaration.events ?? []) {
      assert.ok(
        documentedTypes.has(event.type?.text),
        `${tag} dispatches an undocumented ${event.type?.text ?? 'event'} (${event.name ?? 'unnamed'})`,
      );
    }
  });
}

test("every event class in a component's events.ts has a prop on that component's wrapper", () => {
  // One folder per widget; files beside them (billing-element.ts, the widgets' base class) are not widgets.
  const tags = readdirSync('src/components', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  for (const tag of tags) {
    const source = readFileSync(`src/components/${tag}/events.ts`, 'utf8');
    const names = [...source.matchAll(/static readonly eventName = '([^']+)'/g)].map((match) => match[1]!);
    assert.ok(names.length > 0, `${tag}/events.ts declares no event`);
    const props = reactEventProps[tag as keyof typeof reactEventProps] as Record<string, string> | undefined;
    assert.ok(props, `no wrapper for <${tag}>`);
    assert.deepEqual(Object.values(props).sort(), names.sort(), `<${tag}>`);
  }
});

test('prop names follow on + camelCase of the name without billing-', () => {
  assert.equal(eventPropName('billing-funds-added'), 'onFundsAdded');
  assert.equal(eventPropName('billing-add-funds-requested'), 'onAddFundsRequested');
  for (const props of Object.values(reactEventProps)) {
    for (const [prop, name] of Object.entries(props as Record<string, string>)) {
      assert.match(name, /^billing-[a-z]+(-[a-z]+)*$/, `${name}: event names carry the billing- prefix`);
      assert.equal(prop, eventPropName(name));
    }
  }
});
