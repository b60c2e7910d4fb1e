// <billing-balance-forecast>: the runway forecast of <credit-balance>, a private sub-element defined by import() once
// the balance is on screen (its rules, spend reads and rarer English travel in this chunk). Its store comes from the
// balance through the billing-store context; the balance gives it the account on screen, its words and its locale.
import { css, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { Account } from '../../client/schemas.js';
import type { CreditBalanceMessages } from '../../i18n/messages/credit-balance.js';
import { StoreController } from '../../store/store-controller.js';
import { skeleton } from '../../styles/shared.js';
import { ForecastController } from './forecast-controller.js';
import { forecastStyles } from './forecast.styles.js';
import { renderForecast } from './forecast-view.js';

export { forecastEnglish } from './forecast-view.js';

/**
 * @internal Private sub-element of `<credit-balance>` (not public API): the runway forecast line. Its parts (`forecast`,
 * `skeleton`) are exported by the balance.
 *
 * @tagname billing-balance-forecast
 */
export class BillingBalanceForecast extends LitElement {
  static override styles = [
    skeleton,
    forecastStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  /** The balance's words in its language. */
  @property({ attribute: false }) text!: CreditBalanceMessages;
  @property() locale = 'en';
  /** The account on screen: its balance and auto-recharge apply at once; its spend is read when it first comes. */
  @property({ attribute: false }) account?: Account;

  private readonly billing = new StoreController(this, { loadAccount: false });
  private readonly runway = new ForecastController(this, () => ({
    client: this.billing.store?.client,
    account: this.account,
    wanted: true,
  }));

  protected override render() {
    if (!this.account) return nothing;
    return renderForecast(this.runway.state(this.account), this.account, this.locale, this.text);
  }
}

if (!customElements.get('billing-balance-forecast')) customElements.define('billing-balance-forecast', BillingBalanceForecast);

declare global {
  interface HTMLElementTagNameMap {
    'billing-balance-forecast': BillingBalanceForecast;
  }
}
