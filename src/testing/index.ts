// billing-widgets/testing: tools for people who implement a BillingClient (browser-safe; no Node-only imports).
export { runBillingClientContract } from './contract.js';
export { ContractAssertionError } from './contract-assertions.js';
export type { BillingClientContractOptions, ContractDescribe, ContractIt } from './contract.js';
