// Every Storybook story is also a fixture: render each one and require axe to find no violations.
import { expect, fixtureCleanup } from '@open-wc/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/define.js';
import { renderStory } from './helpers/story.js';
import * as creditBalanceStories from '../stories/credit-balance.stories.js';
import * as addFundsDialogStories from '../stories/add-funds-dialog.stories.js';
import * as balanceUsageTableStories from '../stories/balance-usage-table.stories.js';
import * as autoRechargeSettingsStories from '../stories/auto-recharge-settings.stories.js';
import * as paymentMethodsStories from '../stories/payment-methods.stories.js';
import * as usageRatesStories from '../stories/usage-rates.stories.js';
import * as balanceUsageTableChartStories from '../stories/balance-usage-table-chart.stories.js';
import * as billingHistoryStories from '../stories/billing-history.stories.js';
import * as playgroundStories from '../stories/playground.stories.js';
import * as themingStories from '../stories/docs/theming.stories.js';

type StoryModule = Record<string, unknown> & { default: Meta };

const storyModules: Record<string, StoryModule> = {
  'credit-balance': creditBalanceStories as unknown as StoryModule,
  'add-funds-dialog': addFundsDialogStories as unknown as StoryModule,
  'balance-usage-table': balanceUsageTableStories as unknown as StoryModule,
  'auto-recharge-settings': autoRechargeSettingsStories as unknown as StoryModule,
  'payment-methods': paymentMethodsStories as unknown as StoryModule,
  'usage-rates': usageRatesStories as unknown as StoryModule,
  'balance-usage-table-chart': balanceUsageTableChartStories as unknown as StoryModule,
  'billing-history': billingHistoryStories as unknown as StoryModule,
  playground: playgroundStories as unknown as StoryModule,
  'docs/theming': themingStories,
};

/** Lets stories wait for their data: resolves once every billing element inside has settled. */
async function settle(root: HTMLElement): Promise<void> {
  for (let i = 0; i < 20; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const elements = [...root.querySelectorAll('*')].filter((el) => 'updateComplete' in el);
    await Promise.all(elements.map((el) => (el as unknown as { updateComplete: Promise<unknown> }).updateComplete));
  }
}

/** Every element matching `selector` under `root`, shadow roots included. */
function deepQuery(root: ParentNode, selector: string): Element | null {
  const found = root.querySelector(selector);
  if (found) return found;
  for (const element of root.querySelectorAll('*')) {
    const inShadow = element.shadowRoot ? deepQuery(element.shadowRoot, selector) : null;
    if (inShadow) return inShadow;
  }
  return null;
}

/**
 * A story that names its state (`parameters.billingState: { part }` or `{ selector }`, inside any shadow root) must
 * show it: the part appears, visible,
 * within a few seconds (a story driven by steps, e.g. typing an invalid amount, gets there after its first render).
 */
async function untilStateShown(root: HTMLElement, selector: string): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const element = deepQuery(root, selector);
    if (element instanceof HTMLElement && element.getClientRects().length > 0) return;
    if (Date.now() > deadline) throw new Error(`the story never showed its state: nothing visible matches ${selector}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
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
        const container = document.createElement('div');
        document.body.append(container);
        // A story's steps report a failure with console.error (they cannot throw into Storybook): that fails the story.
        const consoleErrors: unknown[] = [];
        const originalError = console.error;
        console.error = (...messages: unknown[]) => {
          consoleErrors.push(messages.map(String).join(' '));
          originalError.apply(console, messages);
        };
        try {
          await renderStory(meta, story, exportName, container);
          await settle(container);
          const state = (story.parameters as { billingState?: { part?: string; selector?: string } } | undefined)?.billingState;
          const stateSelector = state?.selector ?? (state?.part ? `[part~="${state.part}"]` : undefined);
          if (stateSelector) {
            await untilStateShown(container, stateSelector);
            await settle(container);
          }
          expect(consoleErrors, `${exportName} logged errors`).to.deep.equal([]);
          // A <header>/<footer> inside a dialog is announced as the page's banner/contentinfo landmark.
          expect(
            deepQuery(container, 'dialog header, dialog footer, dialog [role="banner"], dialog [role="contentinfo"]'),
            'a landmark inside a dialog',
          ).to.equal(null);
          expect(deepText(container)).not.to.match(/NaN|undefined|\[object Object\]/);
          await expect(container).to.be.accessible();
        } finally {
          console.error = originalError;
          container.remove();
        }
      });
    }
  });
}
