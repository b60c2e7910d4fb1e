// Typecheck-only (npm run typecheck; no test runs it): the keyed message sections in src/i18n/messages/ spell out their
// keys so i18n imports nothing from the widgets or the client. Each union must equal its source; a drift fails here.
import type { UsageSort } from '../../src/client/schemas.js';
import type { UsagePagingFault } from '../../src/components/balance-usage-table/usage-paging-error.js';
import type { UsagePeriod } from '../../src/components/balance-usage-table/usage-query.js';
import type { UsagePagingFaultKey, UsagePeriodKey, UsageSortKey } from '../../src/i18n/messages/balance-usage-table.js';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;

export const periodsMatch: Same<UsagePeriod, UsagePeriodKey> = true;
export const sortsMatch: Same<UsageSort, UsageSortKey> = true;
export const pagingFaultsMatch: Same<UsagePagingFault, UsagePagingFaultKey> = true;
