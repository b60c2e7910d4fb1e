// ForecastController: <credit-balance>'s runway forecast. Reads the account's recent spend through @lit/task once the
// balance is on screen (never before it, never holding it up), and turns it into a forecast for the balance shown now.
import { initialState, Task, TaskStatus } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import type { BillingClient } from '../../client/billing-client.js';
import type { Account } from '../../client/schemas.js';
import { DAY_MS, forecastRunway, LONG_DAYS, RECENT_DAYS, type RunwayForecast, type SpendHistory } from '../../rules/runway.js';
import { forecastSeriesQuery, spendHistoryFromSeries } from './forecast-series.js';

/**
 * `timeoutMs`: a backend that has not answered the spend reads by then gets "can't forecast right now" instead of a
 * placeholder forever. An object, so a test can shorten the wait for every widget on the page.
 */
export const forecastTiming = { timeoutMs: 10_000 };
/** Averages over a week barely move within an hour: the spend is read again at most hourly, when the account changes (a new balance applies at once). */
export const SPEND_REFRESH_MS = 60 * 60_000;

export type ForecastState = { status: 'loading' } | { status: 'unavailable' } | { status: 'ready'; forecast: RunwayForecast };

export interface ForecastSource {
  /** The validated client of the widget's store (undefined while there is none). */
  client: BillingClient | undefined;
  /** The account on screen: the spend is read only once it is shown. */
  account: Account | undefined;
  /** False when the host turned the forecast off or the widget's form has no room for it. */
  wanted: boolean;
}

type SpendArgs = readonly [client: BillingClient | undefined, currency: string | undefined, hour: number];

export class ForecastController {
  private readonly task: Task<SpendArgs, SpendHistory>;
  /** The last spend read for this client and currency: a failed hourly re-read keeps it rather than dropping the forecast. */
  private lastRead?: { client: BillingClient; history: SpendHistory; readAt: number };

  constructor(
    host: ReactiveControllerHost,
    private readonly source: () => ForecastSource,
  ) {
    this.task = new Task<SpendArgs, SpendHistory>(host, {
      task: (args, { signal }) => this.read(args, signal),
      args: () => {
        const { client, account, wanted } = this.source();
        return [wanted && account ? client : undefined, account?.currency, Math.floor(Date.now() / SPEND_REFRESH_MS)];
      },
    });
  }

  /** The forecast for `account`'s balance now, from the last spend read. */
  state(account: Account): ForecastState {
    const { client } = this.source();
    const kept = this.lastRead;
    const history = this.task.value ?? (kept && kept.client === client ? kept.history : undefined);
    if (!history) return this.task.status === TaskStatus.ERROR ? { status: 'unavailable' } : { status: 'loading' };
    try {
      return { status: 'ready', forecast: forecastRunway(account.balance, history, account.autoRecharge) };
    } catch {
      // A total in another currency, or amounts past what can be counted: no forecast, and the balance stays.
      return { status: 'unavailable' };
    }
  }

  private async read([client, currency]: SpendArgs, signal: AbortSignal): Promise<SpendHistory | typeof initialState> {
    if (!client || !currency) return initialState;
    const readAt = Date.now();
    // One signal for the reads: the task's (a newer run, or off the page) or the deadline, whichever comes first.
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(forecastTiming.timeoutMs)]);
    try {
      // A client that ignores its signal must not keep the placeholder up either.
      const gaveUp = new Promise<never>((_, reject) => {
        deadline.addEventListener('abort', () => reject(new Error('no answer in time')), { once: true });
      });
      const history = await Promise.race([spendHistory(client, readAt, deadline), gaveUp]);
      if (history.last7.currency !== currency || history.last30.currency !== currency) throw new RangeError('spend in another currency');
      this.lastRead = { client, history, readAt };
      return history;
    } catch (error) {
      if (signal.aborted) return initialState;
      const kept = this.lastRead;
      if (kept?.client === client && kept.history.last30.currency === currency && readAt - kept.readAt < DAY_MS) return kept.history;
      throw error;
    }
  }
}

/**
 * The spend history at `now`: one getUsageSeries of 30 days where the client has it; else the last 7 and 30 days'
 * summaries and the oldest usage entry.
 */
async function spendHistory(client: BillingClient, now: number, signal: AbortSignal): Promise<SpendHistory> {
  if (client.getUsageSeries) {
    const { query, asOf } = forecastSeriesQuery(now);
    return spendHistoryFromSeries(await client.getUsageSeries(query, { signal }), asOf);
  }
  const at = (daysBack: number) => new Date(now - daysBack * DAY_MS).toISOString();
  const to = new Date(now).toISOString();
  const [recent, month, first] = await Promise.all([
    client.getUsageSummary({ from: at(RECENT_DAYS), to }, { signal }),
    client.getUsageSummary({ from: at(LONG_DAYS), to }, { signal }),
    client.listUsage({ sort: 'date_asc', limit: 1 }, { signal }),
  ]);
  return { last7: recent.total, last30: month.total, firstUsageAt: first.entries[0]?.occurredAt ?? null, asOf: now };
}
