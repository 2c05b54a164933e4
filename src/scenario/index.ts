export * from "./household-year";
export * from "./runner";
export * from "./scenario-file";
export * from "./schedule";
