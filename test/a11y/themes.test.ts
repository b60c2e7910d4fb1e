// Stories in the toolbar's themes and locales (the same wrapper as Storybook's decorator) still pass axe, contrast included, and Arabic lays out right to left.
import { expect, fixture, fixtureCleanup } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../../src/define.js';
import * as addFundsDialogStories from '../../stories/add-funds-dialog.stories.js';
import * as autoRechargeSettingsStories from '../../stories/auto-recharge-settings.stories.js';
import * as balanceUsageTableStories from '../../stories/balance-usage-table.stories.js';
import * as creditBalanceStories from '../../stories/credit-balance.stories.js';
import * as paymentMethodsStories from '../../stories/payment-methods.stories.js';
import { themedStory } from '../../stories/themes.js';
import { allHistoryQuery, usageClient } from '../../stories/usage-fixtures.js';
import { until } from '../helpers/dom.js';
import { html } from 'lit';

type StoryModule = Record<string, unknown> & { default: Meta };

/** States with the most colour in them: warnings, badges, errors, selected options, outcomes. */
const STORIES: Array<[string, StoryModule, string]> = [
  ['credit-balance', creditBalanceStories as unknown as StoryModule, 'LowBalanceWithAutoRecharge'],
  ['credit-balance', creditBalanceStories as unknown as StoryModule, 'LoadError'],
  ['auto-recharge-settings', autoRechargeSettingsStories as unknown as StoryModule, 'FailedAttempts'],
  ['balance-usage-table', balanceUsageTableStories as unknown as StoryModule, 'Details'],
  ['add-funds-dialog', addFundsDialogStories as unknown as StoryModule, 'SavedCards'],
  ['payment-methods', paymentMethodsStories as unknown as StoryModule, 'Cards'],
  ['payment-methods', paymentMethodsStories as unknown as StoryModule, 'LoadError'],
];

const SETTINGS: Array<[string, string]> = [
  ['dark', 'en'],
  ['northwind', 'de'],
  ['default', 'ar'],
];

async function settle(root: HTMLElement): Promise<void> {
  for (let i = 0; i < 25; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const elements = [...root.querySelectorAll('*')].filter((el) => 'updateComplete' in el);
    await Promise.all(elements.map((el) => (el as unknown as { updateComplete: Promise<unknown> }).updateComplete));
  }
}

afterEach(() => fixtureCleanup());

for (const [tag, module, exportName] of STORIES) {
  for (const [theme, locale] of SETTINGS) {
    it(`${tag} ${exportName}, theme ${theme}, locale ${locale}: passes axe`, async () => {
      const meta = module.default;
      const story = module[exportName] as StoryObj;
      expect(story, `${exportName} exists`).to.be.an('object');
      const args = { ...(meta.args ?? {}), ...(story.args ?? {}) };
      const renderStory = (story.render ?? meta.render) as (a: typeof args, c: unknown) => TemplateResult;
      const root = await fixture<HTMLElement>(themedStory(theme, locale, renderStory(args, { args, id: exportName })));
      await settle(root);
      const widget = root.querySelector(tag);
      if (!widget) expect.fail(`${tag} did not render`);
      if (theme === 'dark') expect(widget.getAttribute('data-billing-resolved-theme')).to.equal('dark');
      // A story that pins its own `locale` (the usage table's pins en-US) keeps that language and direction.
      if (locale === 'ar' && !widget.hasAttribute('locale')) {
        const base = widget.shadowRoot!.querySelector('[part~="base"]')!;
        expect(getComputedStyle(base).direction, 'Arabic is laid out right to left').to.equal('rtl');
      }
      await expect(root).to.be.accessible();
    });
  }
}

it('right to left: direction-bearing icons (View details, back) mirror, others do not', async () => {
  const root = await fixture<HTMLElement>(
    html`<div dir="rtl" lang="ar-EG" style="inline-size: 60rem">
      <balance-usage-table .client=${usageClient(20)} .query=${allHistoryQuery()}></balance-usage-table>
    </div>`,
  );
  const table = root.querySelector('balance-usage-table')!;
  await until(() => !!table.shadowRoot!.querySelector('[part~="view-details-button"] svg'), 'the summary');
  const chevron = table.shadowRoot!.querySelector('[part~="view-details-button"] svg')!;
  expect(getComputedStyle(chevron).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
  const exportIcon = table.shadowRoot!.querySelector('[part~="export-button"] svg')!;
  expect(getComputedStyle(exportIcon).transform).to.equal('none');
  root.setAttribute('dir', 'ltr');
  expect(getComputedStyle(chevron).transform, 'left to right: as drawn').to.equal('none');
});
