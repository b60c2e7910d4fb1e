// What Storybook's Docs tables and Controls show of custom-elements.json: the public API, one row per name.
export type ManifestMember = { privacy?: string; static?: boolean; name: string };
export type Manifest = { modules: Array<{ declarations?: Array<{ members?: ManifestMember[]; cssParts?: Array<{ name: string }> }> }> };

/**
 * The manifest as the public API: private and protected members (controllers, render helpers,
 * state) are implementation, so the Docs tables and Controls leave them out. Parts are listed as
 * `::part(name)`: Storybook keys every row by name, so a part named like a slot (credit-balance's
 * `note`) would otherwise replace the slot's row, and the selector is what a designer copies.
 */
export function publicApi(manifest: Manifest): Manifest {
  return {
    ...manifest,
    modules: manifest.modules.map((module) => ({
      ...module,
      declarations: module.declarations?.map((declaration) => ({
        ...declaration,
        members: declaration.members?.filter(
          (member) => member.privacy !== 'private' && member.privacy !== 'protected' && !member.static && !member.name.startsWith('#'),
        ),
        cssParts: declaration.cssParts?.map((part) => ({ ...part, name: `::part(${part.name})` })),
      })),
    })),
  };
}
