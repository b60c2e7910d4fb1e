// billing-widgets/testing: tools for people who implement a BillingClient (browser-safe; no Node-only imports).
export { runBillingClientContract, ContractAssertionError } from './contract.js';
export type { BillingClientContractOptions, ContractDescribe, ContractIt } from './contract.js';
