// Public ids for billing records: a type prefix and 20 random hex digits (unguessable across accounts).
import { randomBytes } from 'node:crypto';

export type IdPrefix = 'acct' | 'pm' | 'tu' | 'use' | 'arc';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(10).toString('hex')}`;
}
