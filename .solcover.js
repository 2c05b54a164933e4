// solidity-coverage: mocks are test-only and do not count toward the coverage floor.
module.exports = {
  skipFiles: ["mocks/"],
  istanbulReporter: ["html", "lcov", "json-summary", "text"],
  configureYulOptimizer: true,
};
