// Every Storybook story is also a fixture: render each one and require axe to find no violations.
import { expect, fixtureCleanup } from '@open-wc/testing';
import { render, type TemplateResult } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/define.js';
import * as creditBalanceStories from '../stories/credit-balance.stories.js';
import * as addFundsDialogStories from '../stories/add-funds-dialog.stories.js';
import * as balanceUsageTableStories from '../stories/balance-usage-table.stories.js';
import * as autoRechargeSettingsStories from '../stories/auto-recharge-settings.stories.js';
import * as playgroundStories from '../stories/playground.stories.js';
import * as themingStories from '../stories/docs/theming.stories.js';

type StoryModule = Record<string, unknown> & { default: Meta };

const storyModules: Record<string, StoryModule> = {
  'credit-balance': creditBalanceStories as unknown as StoryModule,
  'add-funds-dialog': addFundsDialogStories as unknown as StoryModule,
  'balance-usage-table': balanceUsageTableStories as unknown as StoryModule,
  'auto-recharge-settings': autoRechargeSettingsStories as unknown as StoryModule,
  playground: playgroundStories as unknown as StoryModule,
  'docs/theming': themingStories as unknown as StoryModule,
};

/** Lets stories wait for their data: resolves once every billing element inside has settled. */
async function settle(root: HTMLElement): Promise<void> {
  for (let i = 0; i < 20; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const elements = [...root.querySelectorAll('*')].filter((el) => 'updateComplete' in el);
    await Promise.all(elements.map((el) => (el as unknown as { updateComplete: Promise<unknown> }).updateComplete));
  }
}

/** The text a person sees, shadow roots included. */
function deepText(node: Node): string {
  let text = node.nodeType === Node.TEXT_NODE ? (node.textContent ?? '') : '';
  if (node instanceof Element && node.shadowRoot) text += deepText(node.shadowRoot);
  for (const child of node.childNodes) text += deepText(child);
  return text;
}

for (const [title, module] of Object.entries(storyModules)) {
  const meta = module.default;
  describe(`stories: ${title}`, () => {
    afterEach(() => fixtureCleanup());
    for (const [exportName, value] of Object.entries(module)) {
      if (exportName === 'default' || typeof value !== 'object' || value === null) continue;
      const story = value as StoryObj;
      it(`${exportName} renders and passes axe`, async () => {
        const args = { ...(meta.args ?? {}), ...(story.args ?? {}) };
        const renderStory = (story.render ?? meta.render) as ((a: typeof args, c: unknown) => TemplateResult) | undefined;
        expect(renderStory, `${exportName} needs a render function`).to.be.a('function');
        const container = document.createElement('div');
        document.body.append(container);
        try {
          render(renderStory!(args, { args, id: exportName }), container);
          await settle(container);
          expect(deepText(container)).not.to.match(/NaN|undefined|\[object Object\]/);
          await expect(container).to.be.accessible();
        } finally {
          container.remove();
        }
      });
    }
  });
}
