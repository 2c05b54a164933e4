export * from "./calendar";
export * from "./errors";
export * from "./money";
