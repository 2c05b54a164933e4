/**
 * `npm run simulate`'s command line: what it refuses (one line, exit 1, no stack trace) and a
 * small run of the real script, which prints the summary and writes both reports.
 */
import fs from "fs";
import path from "path";
import { expect } from "chai";
import { UserError } from "../../src/core";
import { DEFAULT_POPULATION_FILE, parseSimulateArgs } from "../../src/simulate";
import { removeTempDirs, runScript, STACK_LINE, tempDir } from "../scenario/helpers";

const SCRIPT = "scripts/simulate.ts";

describe("npm run simulate", function () {
  this.timeout(300_000);
  after(removeTempDirs);

  it("defaults to 10,000 household-years, seed 1, the Dutch population and a chain sample of 20", function () {
    const o = parseSimulateArgs([])!;
    expect(o).to.include({ households: 10_000, seed: 1, chainSample: 20, year: 2026 });
    expect(o.population).to.equal(DEFAULT_POPULATION_FILE);
    expect(parseSimulateArgs(["--households", "50", "--chain-sample", "0"])).to.include({
      households: 50,
      chainSample: 0,
    });
  });

  it("refuses bad arguments with a message that names them", function () {
    const refused = (args: string[]) => {
      try {
        parseSimulateArgs(args);
      } catch (error) {
        expect(error).to.be.instanceOf(UserError);
        return (error as Error).message;
      }
      throw new Error(`accepted ${args.join(" ")}`);
    };
    expect(refused(["--households", "0"])).to.match(/--households.*whole number from 1/);
    expect(refused(["--seed", "-1"])).to.match(/--seed/);
    expect(refused(["--chain-sample", "many"])).to.match(/--chain-sample/);
    expect(refused(["--housholds", "5"])).to.match(/unknown option '--housholds'/);
  });

  it("refuses a bad population file in one line, naming the file and the field, before any work", async function () {
    const dir = tempDir("population");
    const file = path.join(dir, "broken.json");
    const population = JSON.parse(fs.readFileSync(DEFAULT_POPULATION_FILE, "utf8"));
    population.types[0].weight = -1;
    fs.writeFileSync(file, JSON.stringify(population));
    const run = await runScript(SCRIPT, ["--households", "5", "--population", file, "--out", dir]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/broken\.json: types\[0\]\.weight: /);
    expect(run.stderr).to.not.match(STACK_LINE);
    expect(fs.existsSync(path.join(dir, "simulation.json"))).to.equal(false);

    const missing = await runScript(SCRIPT, ["--population", path.join(dir, "nowhere.json")]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.match(/nowhere\.json/);
    expect(missing.stderr).to.not.match(STACK_LINE);

    // A report folder that cannot be made (a file is in the way) is refused before the run.
    const blocked = path.join(dir, "a-file");
    fs.writeFileSync(blocked, "");
    const unwritable = await runScript(SCRIPT, ["--households", "5", "--out", path.join(blocked, "reports")]);
    expect(unwritable.code).to.equal(1);
    expect(unwritable.stderr).to.match(/--out .*a-file\/reports: cannot write reports there/);
    expect(unwritable.stderr).to.not.match(STACK_LINE);
  });

  it("runs a small population in two workers, replays a sample on the EVM and writes both reports", async function () {
    const dir = tempDir("simulation");
    const run = await runScript(SCRIPT, [
      "--households",
      "16",
      "--seed",
      "3",
      "--chain-sample",
      "2",
      "--workers",
      "2",
      "--out",
      dir,
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/Simulation: 16 household-years, 2026, seed 3/);
    expect(run.stdout).to.match(/chain replay: 2 household-years, 0 mismatches/);
    const json = JSON.parse(fs.readFileSync(path.join(dir, "simulation.json"), "utf8"));
    expect(json.settings).to.include({ households: 16, seed: 3, chainSample: 2, workers: 2 });
    expect(json.chain.mismatches).to.equal(0);
    expect(json.population.covered + json.population.notCovered).to.equal(16);
    const html = fs.readFileSync(path.join(dir, "simulation.html"), "utf8");
    expect(html).to.match(/<svg[^>]*role="img"/);
  });
});
