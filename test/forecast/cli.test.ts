/**
 * `npm run forecast`'s command on the in-process network (the tests' own chain, where the family's
 * vault exists): the text a coach reads, the JSON, and the factory's at-risk list.
 */
import fs from "fs";
import path from "path";
import { expect } from "chai";
import hre from "hardhat";
import { runScenario } from "../../src/scenario";
import { parseForecastArgs, runForecast } from "../../src/forecast";
import { family, removeTempDirs, tempDir } from "../scenario/helpers";

const CALENDAR = path.resolve(__dirname, "../../scenarios/family-income.json");

describe("npm run forecast on the in-process network", function () {
  this.timeout(300_000);
  let vault: string;
  let factory: string;
  let householdId: string;

  before(async function () {
    const run = await runScenario(
      hre,
      { ...family(), events: [] },
      { reportsDir: tempDir("fc"), months: 1, log: () => undefined },
    );
    vault = run.report.vault;
    factory = run.deployment.addresses.factory;
    householdId = run.report.householdId;
  });
  after(removeTempDirs);

  const forecast = (...args: string[]) => runForecast(parseForecastArgs(args)!, hre.ethers.provider);

  it("prints the projection, the first problem and the recommendations", async function () {
    const text = await forecast("--vault", vault, "--income", CALENDAR, "--samples", "10");
    expect(text).to.include(`Forecast for household ${householdId}`);
    expect(text).to.match(/Due dates\n {2}\d{4}-\d{2}-01 {2}RENT/);
    expect(text).to.match(/Living money \(€260\.00 a week\)/);
    expect(text).to.match(/Buffer: lowest €[\d,.]+ on \d{4}-\d{2}-\d{2}/);
    expect(text).to.match(/First problem: none/);
    expect(text).to.match(/under its stated delays, 95 % of cases: .*\(10 samples, seed 1\)/);
  });

  it("prints JSON with --json, the same projection in numbers", async function () {
    const json = JSON.parse(
      await forecast("--vault", vault, "--income", CALENDAR, "--samples", "10", "--months", "2", "--json"),
    );
    expect(json.format).to.equal("huishoudboekje-forecast/1");
    expect(json.householdId).to.equal(householdId);
    expect(json.months).to.equal(2);
    expect(json.dueDates.every((d: { status: string }) => d.status === "paid")).to.equal(true);
    expect(json.dueDates[0]).to.include.keys("date", "bucket", "amount", "status", "missing", "paidOn");
    expect(json.firstFailure).to.equal(null);
    expect(json.recommendations.samples).to.equal(10);
  });

  it("lists a factory's households at risk by id only, and says which had no calendar", async function () {
    const dir = tempDir("calendars");
    const none = JSON.parse(await forecast("--factory", factory, "--income", dir, "--json"));
    expect(none.households).to.be.greaterThan(0);
    expect(none.withoutCalendar).to.equal(none.households);
    // With no income at all every household falls short within the month.
    expect(none.atRisk.map((r: { householdId: string }) => r.householdId)).to.include(householdId);
    fs.copyFileSync(CALENDAR, path.join(dir, `${householdId}.json`));
    const text = await forecast("--factory", factory, "--income", dir);
    expect(text).to.match(/household\(s\) forecast at block \d+; \d+ at risk in the next 30 days/);
    expect(text).to.not.include(vault);
  });

  it("names a missing vault or a calendar directory that is not one", async function () {
    const nobody = "0x" + "2".repeat(40);
    await expect(forecast("--vault", nobody, "--income", CALENDAR)).to.be.rejectedWith(/no contract at 0x2222/);
    await expect(forecast("--factory", factory, "--income", CALENDAR)).to.be.rejectedWith(/must name a directory/);
  });
});
