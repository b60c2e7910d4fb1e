// Usage pricing and the rate table. The pricing rule (per started minute, integer minor units, refused
// beyond Number.MAX_SAFE_INTEGER) is src/rules/pricing.ts, the same functions the mock prices with; the
// published rates come from the shared demo data (src/seed/seed-data.ts), never from the mock.
import type { Rate } from '../src/client/schemas.js';
import { SEED_RATES, scaleSeedAmount } from '../src/seed/seed-data.js';
import type { Queryable } from './db/database.js';
import { toSafeInteger } from './db/integers.js';

export interface RateRecord {
  destinationCountry: string;
  destinationName: string;
  ratePerMinute: number;
}

/** Puts the published rates (the seed table, scaled to the currency's digits) in the rates table, once per currency. */
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
