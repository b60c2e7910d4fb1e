// Every usage type the reference server records has a name in every shipped language: a type without one would show
// the server's English label inside a German or Arabic table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { USAGE_TYPES } from '../../server/usage.js';
import ar from '../../src/i18n/locales/ar.js';
import de from '../../src/i18n/locales/de.js';
import fr from '../../src/i18n/locales/fr.js';
import ja from '../../src/i18n/locales/ja.js';
import { defaultUsageTypeMessages } from '../../src/i18n/messages/usage-types.js';

describe('usage type names', () => {
  for (const type of Object.keys(USAGE_TYPES)) {
    it(`${type} is named in en, de, fr, ja and ar`, () => {
      const names = [defaultUsageTypeMessages, de.usageTypes, fr.usageTypes, ja.usageTypes, ar.usageTypes].map(
        (messages) => (messages as unknown as Record<string, string | undefined>)[type],
      );
      for (const name of names) assert.ok(name && name.trim() !== '', `${type}: ${JSON.stringify(names)}`);
      assert.equal(new Set(names).size, names.length, `each language has its own name for ${type}`);
      assert.equal(
        USAGE_TYPES[type],
        defaultUsageTypeMessages[type as keyof typeof defaultUsageTypeMessages],
        'the server labels in the catalog English',
      );
    });
  }
});
