// Names of the usage types the backends send (UsageEntry.type, UsageTypeSummary.type), by type code. A type
// the catalog does not know shows the backend's own label.

/** Each usage type's name, by its code. */
export interface UsageTypeMessages {
  outbound_international_call: string;
  international_call_forwarding: string;
}

export const defaultUsageTypeMessages: UsageTypeMessages = {
  outbound_international_call: 'Outbound International Call',
  international_call_forwarding: 'International Call Forwarding',
};
