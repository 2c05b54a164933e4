export * from "./coverage";
export * from "./layout";
