// Usage pricing and the rate table. The pricing rule (per started minute, integer minor units, refused
// beyond Number.MAX_SAFE_INTEGER) is src/rules/pricing.ts, the same functions the mock prices with; the
// published rates come from the shared demo data (src/seed/seed-data.ts), never from the mock.
import type { Rate } from '../src/client/schemas.js';
import { rateInForce, type RateStep } from '../src/rules/pricing.js';
import { SEED_RATES, scaleSeedAmount, seedRateChangeAt, seedRatesEffectiveFrom } from '../src/seed/seed-data.js';
import type { Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';

export interface RateRecord {
  destinationCountry: string;
  destinationName: string;
  /** The rate in force at the time asked for. */
  ratePerMinute: number;
  effectiveFrom: Date;
  dialingPrefix: string | null;
  /** The next scheduled change after that time, if any. */
  next: { ratePerMinute: number; effectiveFrom: Date } | null;
}

/**
 * Puts the published rates (the seed table, scaled to the currency's digits) in the rates table, once per currency:
 * each in force since seedRatesEffectiveFrom, and the seed's scheduled changes from seedRateChangeAt.
 */
export async function seedRates(tx: Queryable, currency: string, now: Date = new Date()): Promise<void> {
  const existing = await tx.query(`SELECT 1 FROM rates WHERE currency = $1 LIMIT 1`, [currency]);
  if (existing.rows.length > 0) return;
  const since = new Date(seedRatesEffectiveFrom(now.getTime())).toISOString();
  const changeAt = new Date(seedRateChangeAt(now.getTime())).toISOString();
  const params: unknown[] = [];
  const rows: string[] = [];
  const add = (rate: (typeof SEED_RATES)[number], cents: number, from: string): void => {
    params.push(currency, rate.destinationCountry, rate.destinationName, scaleSeedAmount(cents, currency), from, rate.dialingPrefix);
    const n = rows.length * 6;
    rows.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6})`);
  };
  for (const rate of SEED_RATES) {
    add(rate, rate.centsPerMinute, since);
    if (rate.nextCentsPerMinute !== undefined) add(rate, rate.nextCentsPerMinute, changeAt);
  }
  await tx.query(
    `INSERT INTO rates (currency, destination_country, destination_name, rate_per_minute, effective_from, dialing_prefix)
     VALUES ${rows.join(', ')}
     ON CONFLICT (currency, destination_country, effective_from) DO NOTHING`,
    params,
  );
}

/** Every destination with the rate in force at `at` (the latest row from at or before it) and its next change. */
export async function findRates(q: Queryable, currency: string, at: Date): Promise<RateRecord[]> {
  const result = await q.query<{
    destination_country: string;
    destination_name: string;
    rate_per_minute: unknown;
    effective_from: Date | string;
    dialing_prefix: string | null;
  }>(`SELECT destination_country, destination_name, rate_per_minute, effective_from, dialing_prefix FROM rates WHERE currency = $1`, [
    currency,
  ]);
  const byCountry = new Map<string, (RateStep & { row: (typeof result.rows)[number] })[]>();
  for (const row of result.rows) {
    const steps = byCountry.get(row.destination_country) ?? [];
    steps.push({
      effectiveFrom: new Date(row.effective_from).getTime(),
      ratePerMinute: toSafeInteger(row.rate_per_minute, 'rates.rate_per_minute'),
      row,
    });
    byCountry.set(row.destination_country, steps);
  }
  const rates: RateRecord[] = [];
  for (const [country, steps] of byCountry) {
    const { current, next } = rateInForce(steps, at.getTime());
    // A destination whose first rate is still ahead cannot be called yet.
    if (!current) continue;
    rates.push({
      destinationCountry: country,
      destinationName: current.row.destination_name,
      ratePerMinute: current.ratePerMinute,
      effectiveFrom: new Date(current.effectiveFrom),
      dialingPrefix: current.row.dialing_prefix,
      next: next ? { ratePerMinute: next.ratePerMinute, effectiveFrom: new Date(next.effectiveFrom) } : null,
    });
  }
  return rates.sort((a, b) => a.destinationName.localeCompare(b.destinationName, 'en'));
}

/** listRates: the rates in force at `now`, by destination name, as the mock lists them. */
export async function listRates(q: Queryable, currency: string, now: Date): Promise<Rate[]> {
  return (await findRates(q, currency, now)).map((rate) => ({
    destinationCountry: rate.destinationCountry,
    destinationName: rate.destinationName,
    ratePerMinute: { amount: rate.ratePerMinute, currency },
    effectiveFrom: rate.effectiveFrom.toISOString(),
    ...(rate.next
      ? { nextRate: { ratePerMinute: { amount: rate.next.ratePerMinute, currency }, effectiveFrom: rate.next.effectiveFrom.toISOString() } }
      : {}),
    ...(rate.dialingPrefix ? { dialingPrefix: rate.dialingPrefix } : {}),
  }));
}
