export * from "./program";
export * from "./progress";
