// MockBillingClient's seed: the shared demo data (src/seed/seed-data.ts), which the reference server seeds from too.
export * from '../../seed/seed-data.js';
