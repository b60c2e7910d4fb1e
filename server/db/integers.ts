// Reads bigint columns (minor units, counts) as JS numbers, refusing any value a number cannot hold exactly.

/**
 * pg hands int8 and numeric out as text, PGlite as text too (see open-database.ts); a value past
 * Number.MAX_SAFE_INTEGER would lose cents silently, so it is an error instead.
 */
export function toSafeInteger(value: unknown, column: string): number {
  let result: number;
  if (typeof value === 'number') result = value;
  else if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new RangeError(`${column} is outside the safe integer range`);
    }
    result = Number(value);
  } else if (typeof value === 'string' && /^-?\d+$/.test(value)) result = Number(value);
  else throw new TypeError(`${column} is not an integer: ${String(value)}`);
  if (!Number.isSafeInteger(result)) throw new RangeError(`${column} is outside the safe integer range`);
  return result;
}

/** Same, for a nullable column. */
export function toSafeIntegerOrNull(value: unknown, column: string): number | null {
  return value === null || value === undefined ? null : toSafeInteger(value, column);
}

/** A bigint[] column, element by element. */
export function toSafeIntegerArray(value: unknown, column: string): number[] {
  if (!Array.isArray(value)) throw new TypeError(`${column} is not an array`);
  return value.map((item: unknown) => toSafeInteger(item, column));
}

/** Adds minor units, refusing a result that would leave the safe range. */
export function addMinorUnits(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError('amount out of the safe integer range');
  return sum;
}
