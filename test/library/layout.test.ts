/**
 * The library's layout (src/checks/layout.ts): every function of src/ and scripts/ fits on one
 * screen, and no module imports itself through others.
 */
import path from "path";
import { expect } from "chai";
import { importCycles, longFunctions, MAX_FUNCTION_LINES, sourceFiles } from "../../src/checks/layout";

const root = path.resolve(__dirname, "../..");

describe("library layout", function () {
  const files = sourceFiles(root, ["src", "scripts"]);

  it("finds the library's files", function () {
    expect(files).to.include("src/rules/index.ts");
    expect(files.length).to.be.greaterThan(20);
  });

  it(`has no function longer than ${MAX_FUNCTION_LINES} lines in src/ or scripts/`, function () {
    const long = longFunctions(root, files).map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`);
    expect(long).to.deep.equal([]);
  });

  it("has no import cycle in src/ or scripts/", function () {
    expect(importCycles(root, files).map((c) => c.join(" -> "))).to.deep.equal([]);
  });

  it("the checks see a long function and a cycle when there is one", function () {
    const fixtures = path.join(__dirname, "fixtures");
    const fixtureFiles = sourceFiles(fixtures, ["."]);
    expect(longFunctions(fixtures, fixtureFiles, 5).map((f) => f.name)).to.deep.equal(["tooLong"]);
    expect(importCycles(fixtures, fixtureFiles)).to.have.length(1);
  });
});
