// solidity-coverage: mocks are test-only and do not count toward the coverage floor.
module.exports = {
  skipFiles: ["mocks/"],
  istanbulReporter: ["html", "lcov", "json-summary", "text"],
  configureYulOptimizer: true,
  mocha: {
    // The end-to-end runs (the family year and its gas per household-year, the real node, the CLI)
    // and the long random property runs exercise the same contract code as the unit tests, ten
    // times slower when instrumented;
    // `npm test` runs them uninstrumented, as it does the fifteen-month daily-keeper stories of
    // test/promise.test.ts, the forecast's runs of the family scenario and the simulation's chain
    // replays (whose keeper batches carry explicit gas limits for uninstrumented code). Coverage
    // comes from the unit, story and hostile-token tests. The keeper's tests run against real nodes
    // that their scripts deploy to, compiling as they go, which would overwrite the instrumented
    // build: they run in `npm test` only.
    grep: "reference model|metamorphic properties|The same living money every week|family scenario|real `hardhat node`|scenario files and command-line input|gas per household-year|forecast against the chain|npm run forecast on the in-process network|chain replay of the vault arm|simulate: a population run|npm run simulate|real node|real hardhat node",
    invert: true,
    timeout: 300000,
  },
};
