// The example themes side by side on all four widgets: the picture on the Theming page, and an axe-checked fixture for every theme.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import '../../src/define.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import { autoRechargeClient } from '../auto-recharge-settings.stories.js';
import { lowBalanceClient } from '../fixtures.js';
import { THEMES, themeStyle, type ExampleTheme, type ThemeName } from '../themes.js';
import { allHistoryQuery, usageClient } from '../usage-fixtures.js';

/**
 * One theme's column of a Billing tab. The add-funds dialog is modal (one at a time), so here it
 * waits closed behind "Add funds"; the Theming page shows it open per theme in frames.
 */
function themedTab(theme: ExampleTheme): TemplateResult {
  const scheme = 'scheme' in theme ? theme.scheme : undefined;
  return html`<section
    aria-label=${`${theme.title} theme`}
    data-billing-theme=${scheme ?? 'light'}
    style="${themeStyle(theme)}; background: ${theme.pageBackground}; color-scheme: ${scheme ?? 'light'}; padding: 1rem; border-radius: 0.75rem; display: grid; gap: 1rem; align-content: start"
  >
    <h3 style="margin: 0; font: 600 0.875rem/1.4 system-ui, sans-serif; color: ${scheme === 'dark' ? '#e7e9f0' : '#1b2030'}">
      ${theme.title}
    </h3>
    <billing-provider .client=${lowBalanceClient()}>
      <credit-balance></credit-balance>
      <add-funds-dialog .paymentProvider=${new TestCardPaymentProvider()}></add-funds-dialog>
    </billing-provider>
    <!-- Three of each widget on one page: their regions get the theme in their names to stay distinguishable. -->
    <auto-recharge-settings
      .messages=${{ heading: `Automatic recharge · ${theme.title}` }}
      .client=${autoRechargeClient({ enabled: true, startingBalance: 1500, history: { succeeded: 1, failures: 1 } })}
      .paymentProvider=${new TestCardPaymentProvider()}
    ></auto-recharge-settings>
    <balance-usage-table
      .messages=${{ title: `Balance usage · ${theme.title}` }}
      .client=${usageClient(40)}
      .query=${allHistoryQuery()}
    ></balance-usage-table>
  </section>`;
}

const meta: Meta = {
  title: 'Docs/Theming/Examples',
  tags: ['!autodocs'],
  parameters: { layout: 'fullscreen' },
};

export default meta;

type Story = StoryObj;

/** Default, Dark and Northwind next to each other (the toolbar's theme is overridden per column). */
export const AllThemesSideBySide: Story = {
  render: () =>
    html`<div style="display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 18rem), 1fr)); gap: 1rem; padding: 1rem">
      ${(Object.keys(THEMES) as ThemeName[]).map((name) => themedTab(THEMES[name]))}
    </div>`,
};
