// What the <balance-usage-table> stories share (the table's own and the spend chart's): their controls, and the table
// inside a provider at a width a Billing tab would give it, logging its events to the Actions/console.
import type { ArgTypes } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/define.js';
import type { BillingClient } from '../src/client/billing-client.js';
import type { UsageTableQuery } from '../src/components/balance-usage-table/usage-query.js';
import { allHistoryQuery } from './usage-fixtures.js';

export interface UsageTableArgs {
  locale: string;
  timeZone: string;
}

export const usageTableArgs: UsageTableArgs = { locale: '', timeZone: 'America/New_York' };

export const usageTableArgTypes: Partial<ArgTypes<UsageTableArgs>> = {
  locale: { control: 'text', description: 'BCP 47 locale.' },
  timeZone: { control: 'text', description: 'IANA time zone for periods and times.' },
};

/** The table on `client` showing `query`, inside a provider, at most `width` wide. */
export function usageTable(
  args: UsageTableArgs,
  client: BillingClient,
  query: Partial<UsageTableQuery> = allHistoryQuery(),
  width = '60rem',
): TemplateResult {
  return html`<div style="max-inline-size: ${width}">
    <billing-provider .client=${client}>
      <balance-usage-table
        .query=${query}
        locale=${ifDefined(args.locale || undefined)}
        time-zone=${args.timeZone || 'America/New_York'}
        @billing-usage-query-change=${(event: Event) => console.info('billing-usage-query-change', event)}
        @billing-usage-export=${(event: Event) => console.info('billing-usage-export', event)}
      ></balance-usage-table>
    </billing-provider>
  </div>`;
}
