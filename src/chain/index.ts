export * from "./deployment";
export * from "./env";
export * from "./ledger";
export * from "./ledger-types";
export * from "./vault-state";
export * from "./system";
