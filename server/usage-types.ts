// The usage types the server records, for the writes (usage.ts, ingestion) and the summary's labels.
import { defaultUsageTypeMessages } from '../src/i18n/messages/usage-types.js';
import { USAGE_TYPE } from '../src/seed/seed-data.js';

/** Usage types the server records, labelled in the catalog's English; both are international calls priced by destination rate. */
export const USAGE_TYPES: Readonly<Record<string, string>> = {
  [USAGE_TYPE.type]: USAGE_TYPE.label,
  international_call_forwarding: defaultUsageTypeMessages.international_call_forwarding,
};
