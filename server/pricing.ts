// Usage pricing and the rate table.
//
// Pricing rule (the same as MockBillingClient, src/client/mock/seed.ts): calls are billed per
// started minute. billedSeconds = ceil(durationSeconds / 60) × 60, and
// price = ratePerMinute × billedSeconds / 60, in integer minor units of the account currency.
// A 61-second call to a $0.03/min destination is billed 120 s and costs $0.06. Only integer
// arithmetic is used; a result beyond Number.MAX_SAFE_INTEGER is refused, never rounded.
import type { Rate } from '../src/client/schemas.js';
import { SEED_RATES, scaleSeedAmount } from '../src/client/mock/seed.js';
import type { Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';

/** Whole seconds billed for a call: each started minute counts in full. */
export function billedSecondsFor(durationSeconds: number): number {
  if (!Number.isSafeInteger(durationSeconds) || durationSeconds < 0) throw new RangeError('durationSeconds must be a non-negative integer');
  return Math.ceil(durationSeconds / 60) * 60;
}

/** Price in minor units of a call billed `billedSeconds` (a multiple of 60) at `ratePerMinute` minor units. */
export function callPrice(ratePerMinute: number, billedSeconds: number): number {
  if (!Number.isSafeInteger(ratePerMinute) || ratePerMinute < 0) throw new RangeError('ratePerMinute must be a non-negative integer');
  if (!Number.isSafeInteger(billedSeconds) || billedSeconds % 60 !== 0) throw new RangeError('billedSeconds must be whole minutes');
  const price = ratePerMinute * (billedSeconds / 60);
  if (!Number.isSafeInteger(price)) throw new RangeError('call price out of the safe integer range');
  return price;
}

export interface RateRecord {
  destinationCountry: string;
  destinationName: string;
  ratePerMinute: number;
}

/** Puts the published rates (the mock's seed table, scaled to the currency's digits) in the rates table, once per currency. */
export async function seedRates(tx: Queryable, currency: string): Promise<void> {
  const params: unknown[] = [];
  const rows = SEED_RATES.map((rate, index) => {
    params.push(currency, rate.destinationCountry, rate.destinationName, scaleSeedAmount(rate.centsPerMinute, currency));
    const n = index * 4;
    return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4})`;
  });
  await tx.query(
    `INSERT INTO rates (currency, destination_country, destination_name, rate_per_minute) VALUES ${rows.join(', ')}
     ON CONFLICT (currency, destination_country) DO NOTHING`,
    params,
  );
}

export async function findRates(q: Queryable, currency: string): Promise<RateRecord[]> {
  const result = await q.query<{ destination_country: string; destination_name: string; rate_per_minute: unknown }>(
    `SELECT destination_country, destination_name, rate_per_minute FROM rates WHERE currency = $1`,
    [currency],
  );
  return result.rows
    .map((row) => ({
      destinationCountry: row.destination_country,
      destinationName: row.destination_name,
      ratePerMinute: toSafeInteger(row.rate_per_minute, 'rates.rate_per_minute'),
    }))
    .sort((a, b) => a.destinationName.localeCompare(b.destinationName, 'en'));
}

/** listRates: by destination name, as the mock lists them. */
export async function listRates(q: Queryable, currency: string): Promise<Rate[]> {
  return (await findRates(q, currency)).map((rate) => ({
    destinationCountry: rate.destinationCountry,
    destinationName: rate.destinationName,
    ratePerMinute: { amount: rate.ratePerMinute, currency },
  }));
}
