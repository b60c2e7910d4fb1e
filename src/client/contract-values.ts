// The contract's plain values (id rules, the instants a date may name, usage sorts), without zod: widgets and the
// HTTP client read them on the initial load, while the schemas built from them (schemas.ts) load with the validator.

/**
 * Every id, token, secret and type the client sends or receives, and every path parameter:
 * ASCII letters, digits and `_ - . :` only, 1 to 255 characters. Mock ids (`pm_visa_4242`),
 * test card tokens (`test_card_4242424242424242`) and Stripe ids (`pm_…`, `tok_…`,
 * `pi_…_secret_…`) fit; a NUL, a control character or a byte PostgreSQL refuses never does.
 */
export const ID_MAX_LENGTH = 255;
export const ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;

/** True for a value the Identifier schema accepts. */
export function isIdentifier(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= ID_MAX_LENGTH && ID_PATTERN.test(value);
}

/** The instants a timestamp may name: 1970-01-01T00:00:00Z to the end of 9999 (PostgreSQL, JavaScript and ISO text all agree there). */
export const EARLIEST_INSTANT = Date.UTC(1970, 0, 1);
export const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export function isInstantInRange(text: string): boolean {
  const at = Date.parse(text);
  return at >= EARLIEST_INSTANT && at <= LATEST_INSTANT;
}

export const USAGE_SORTS = ['date_desc', 'date_asc', 'price_desc', 'price_asc'] as const;

/** getUsageSeries buckets: calendar days or clock hours in the asked IANA zone. */
export const USAGE_SERIES_BUCKETS = ['day', 'hour'] as const;
/** The longest range getUsageSeries answers per bucket size (a day range may hold one DST hour more). */
export const MAX_SERIES_DAYS = 400;
export const MAX_SERIES_HOURS = 24 * 8;
const HOUR_MS = 3_600_000;

/** Whether [from, to) fits getUsageSeries's cap for this bucket size: at most 400 days (± a DST hour) or 192 hours. */
export function isSeriesSpanAllowed(fromMs: number, toMs: number, bucket: (typeof USAGE_SERIES_BUCKETS)[number]): boolean {
  const span = toMs - fromMs;
  return bucket === 'hour' ? span <= MAX_SERIES_HOURS * HOUR_MS : span <= MAX_SERIES_DAYS * 24 * HOUR_MS + HOUR_MS;
}
