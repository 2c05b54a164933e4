/**
 * The simulation's three outputs from a report written by hand (every arm and group with its own
 * numbers): the JSON holds every figure, the page shows them accessibly and safely, and the printed
 * summary lines them up per arm.
 */
import { expect } from "chai";
import fs from "fs";
import os from "os";
import path from "path";
import { simulationJson, writeSimulationReports } from "../../src/simulate/report-json";
import { simulationHtml } from "../../src/simulate/report-html";
import { days, eur, pct } from "../../src/simulate/report-format";
import { summaryTable } from "../../src/simulate/summary";
import type { ArmFigures, SimulationReport } from "../../src/simulate/types";

/** Figures whose every number is a multiple of `n`, so each arm and group differs from the others. */
function figures(n: number): ArmFigures {
  return {
    households: 10 * n,
    householdMonths: 120 * n,
    lateMonthShare: 0.0111 * n,
    lateShareByCategory: { rent: 0.0101 * n, energy: 0.0202 * n, insurance: 0.0303 * n, water: 0.0404 * n },
    daysLate: {
      payments: 7 * n,
      mean: 2.34 * n,
      p50: 1.02 * n,
      p95: 9.04 * n,
      max: 30 * n,
      histogram: [
        { label: "1-3 days", count: 5 * n },
        { label: "4-14 days", count: 3 * n },
        { label: "> 14 days", count: n },
      ],
    },
    arrears: { meanPeak: 101.01 * n, meanAtMonthEnd: 11.11 * n, householdsInArrearsAtEnd: 0.0222 * n },
    collectionCosts: { total: 400 * n, meanPerHousehold: 40.4 * n, householdsCharged: 0.02 * n },
    livingMoney: {
      weeksShortPerHousehold: 1.21 * n,
      shareOfWeeksShort: 0.0233 * n,
      meanVariation: 0.0344 * n,
      histogram: [
        { label: "< 50 %", count: n },
        { label: "50-99 %", count: 2 * n },
        { label: "100 %", count: 3 * n },
        { label: "> 100 %", count: 4 * n },
      ],
    },
    advances: { count: 3 * n, total: 250.5 * n, householdsNeeding: 0.01 * n, meanPerHousehold: 25.05 * n },
  };
}

/** bank 1..3, budget 4..6, vault 7..9 (all, covered, not covered). */
function report(change: Partial<SimulationReport["chain"]> = {}, populationFile = "data/population.json") {
  const arm = (k: number) => ({ all: figures(k + 1), covered: figures(k + 2), notCovered: figures(k + 3) });
  const r: SimulationReport = {
    settings: { households: 1000, seed: 42, year: 2027, populationFile, chainSample: 20, workers: 2 },
    population: {
      byType: { "single-bijstand": 600, "couple-aow": 400 },
      byMunicipality: { "end-of-month": 700, "mid-month": 300 },
      shocks: { "toeslagen-late": 11, reclaim: 22, "late-first-bijstand": 33, "one-off-cost": 44, "energy-change": 55 },
      bufferTargets: { set: 0, meanEuros: 0 },
      covered: 812,
      notCovered: 188,
    },
    arms: { bank: arm(0), budget: arm(3), vault: arm(6) },
    headline: {
      bank: { lateMonthShare: 0.1234, collectionCosts: 1234.56, meanPeakArrears: 987.65 },
      budget: { lateMonthShare: 0.0471, collectionCosts: 45.1, meanPeakArrears: 321.09 },
      vault: { lateMonthShare: 0.0012, collectionCosts: 0, meanPeakArrears: 12.34 },
    },
    chain: {
      sample: 20,
      households: Array.from({ length: 20 }, (_, i) => i * 50),
      mismatches: 0,
      firstMismatches: [],
      seconds: 342.9,
      householdYearsPerMinute: 3.5,
      ...change,
    },
    run: { modelSeconds: 12.34, householdYearsPerMinute: 48620.7 },
  };
  return r;
}

/** The opening tags of every element named `tag`. */
const tags = (html: string, tag: string) => html.match(new RegExp(`<${tag}\\b[^>]*>`, "g")) ?? [];

describe("simulation reports", function () {
  describe("formatting", function () {
    it("writes shares, euros and days as the reports show them", function () {
      expect(pct(0.1234)).to.equal("12.3 %");
      expect(pct(NaN)).to.equal("–");
      expect(eur(1234567.891)).to.equal("€1,234,567.89");
      expect(eur(-12.5)).to.equal("-€12.50");
      expect(eur(-0.001)).to.equal("€0.00");
      expect(days(9.04)).to.equal("9.0");
    });
  });

  describe("JSON", function () {
    it("round-trips every figure", function () {
      expect(JSON.parse(simulationJson(report()))).to.deep.equal(report());
    });

    it("puts the keys in the same order whatever order the report was filled in", function () {
      const r = report();
      const reordered = {
        run: r.run,
        chain: r.chain,
        arms: r.arms,
        headline: r.headline,
        population: r.population,
        settings: r.settings,
      };
      reordered.settings = {
        workers: 2,
        seed: 42,
        year: 2027,
        households: 1000,
        populationFile: "data/population.json",
        chainSample: 20,
      };
      const text = simulationJson(reordered);
      expect(text).to.equal(simulationJson(r));
      expect(Object.keys(JSON.parse(text))).to.deep.equal([
        "settings",
        "population",
        "headline",
        "arms",
        "chain",
        "run",
      ]);
      expect(Object.keys(JSON.parse(text).settings)).to.deep.equal([
        "chainSample",
        "households",
        "populationFile",
        "seed",
        "workers",
        "year",
      ]);
    });

    it("writes both files into a new folder and returns their paths", function () {
      const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sim-report-")), "out", "run1");
      const paths = writeSimulationReports(report(), dir);
      expect(paths).to.deep.equal({ json: path.join(dir, "simulation.json"), html: path.join(dir, "simulation.html") });
      expect(JSON.parse(fs.readFileSync(paths.json, "utf8"))).to.deep.equal(report());
      expect(fs.readFileSync(paths.html, "utf8")).to.equal(simulationHtml(report()));
      fs.rmSync(path.dirname(path.dirname(dir)), { recursive: true });
    });
  });

  describe("HTML page", function () {
    const html = simulationHtml(report());

    it("is one self-contained page in English, without scripts or external assets", function () {
      expect(html).to.match(/^<!doctype html>\n<html lang="en">/);
      expect(html).not.to.match(/<script|<link|\bsrc=|\bhref=|@import|url\(/i);
    });

    it("draws six charts per group of households, each an image with a title saying what it shows", function () {
      const svgs = html.match(/<svg\b[^>]*>\s*<title>[^<]+<\/title>/g) ?? [];
      expect(tags(html, "svg")).to.have.length(18);
      expect(svgs).to.have.length(18);
      for (const svg of svgs) {
        const label = svg.match(/aria-label="([^"]+)"/)![1];
        expect(svg).to.include('role="img"');
        expect(svg).to.include(`<title>${label}</title>`);
      }
      expect(html).to.include(
        'aria-label="Income covers the plan: share of household-months with a fixed cost paid late, by creditor type and arm"',
      );
    });

    it("follows every chart with a table, scopes every header cell and keeps its headings in order", function () {
      expect(html.match(/<\/svg><\/div>\n<table>/g)).to.have.length(18);
      expect(tags(html, "th").every((th) => /scope="(row|col)"/.test(th))).to.equal(true);
      const levels = (html.match(/<h[1-6]\b/g) ?? []).map((h) => Number(h[2]));
      expect(levels[0]).to.equal(1);
      levels.slice(1).forEach((level, i) => expect(level).to.be.at.most(levels[i] + 1));
    });

    it("shows the report's numbers", function () {
      // The headline, per arm.
      for (const text of ["12.3 %", "€1,234.56", "€987.65", "4.7 %", "€45.10", "€321.09", "0.1 %", "€12.34"]) {
        expect(html).to.include(`<td class="n">${text}</td>`);
      }
      // Covered households: bank figures(2), budget figures(5), vault figures(8).
      const row = (label: string, cells: string[]) =>
        `<tr><th scope="row">${label}</th>${cells.map((c) => `<td class="n">${c}</td>`).join("")}</tr>`;
      const covered = html.slice(html.indexOf('id="group-covered"'), html.indexOf('id="group-notCovered"'));
      expect(covered).to.include(row("water", ["8.1 %", "20.2 %", "32.3 %"]));
      expect(covered).to.include(row("4-14 days", ["6", "15", "24"]));
      expect(covered).to.include(row("mean (days)", ["4.7", "11.7", "18.7"]));
      expect(covered).to.include(row("mean peak arrears", ["€202.02", "€505.05", "€808.08"]));
      expect(covered).to.include(row("50-99 %", ["4 (20.0 %)", "10 (20.0 %)", "16 (20.0 %)"]));
      expect(covered).to.include(row("variation (mean coefficient of variation)", ["6.9 %", "17.2 %", "27.5 %"]));
      expect(covered).to.include(row("advance per household", ["€50.10", "€125.25", "€200.40"]));
      expect(html).to.include("Income covers the plan: 20 households, 240 household-months");
      expect(html).to.include("<td>3.5 household-years per minute</td>");
      expect(html).to.include("<td>48,620.7 household-years per minute</td>");
      expect(html).to.include(
        '<th scope="row">first bijstand payment late</th><td class="n">33</td><td class="n">3.3 %</td>',
      );
    });

    it("escapes a population file path", function () {
      const page = simulationHtml(report({}, 'data/<img src=x onerror="alert(1)">&.json'));
      expect(page).to.include("<td>data/&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;.json</td>");
      expect(page).not.to.include("<img");
    });

    it("shows no failure when the chain matched, and a mismatch as a failure at the top", function () {
      expect(html).not.to.include("FAILED");
      expect(html).not.to.include('class="fail"');
      const failed = simulationHtml(
        report({ mismatches: 2, firstMismatches: ["household 50: vault <balance> 1 != 2"] }),
      );
      const alert = failed.match(/<p class="fail" role="alert">([^<]*)<\/p>/)!;
      expect(alert[1]).to.equal(
        "Chain check FAILED: 2 mismatches between the model and the EVM in 20 household-years replayed.",
      );
      expect(failed.indexOf(alert[0])).to.be.below(failed.indexOf("<h2"));
      expect(failed).to.include('<strong class="fail">FAILED: 2</strong>');
      expect(failed).to.include("<li><code>household 50: vault &lt;balance&gt; 1 != 2</code></li>");
    });
  });

  describe("printed summary", function () {
    const lines = summaryTable(report()).split("\n");
    const row = (label: string, after = 0) => lines.slice(after).find((l) => l.trimStart().startsWith(label))!;
    const cells = (line: string) =>
      line
        .trim()
        .split(/\s{2,}/)
        .slice(1);

    it("has a column per arm, the headline's numbers right-aligned under them", function () {
      const header = lines.find((l) => /^\s+bank\s+budget\s+vault$/.test(l))!;
      const late = row("household-months paid late");
      expect(cells(late)).to.deep.equal(["12.3 %", "4.7 %", "0.1 %"]);
      // Right-aligned: each figure ends in the same column as its arm's name.
      ["bank", "budget", "vault"].forEach((arm, i) => {
        expect(late.slice(0, header.indexOf(arm) + arm.length).endsWith(cells(late)[i])).to.equal(true);
      });
      expect(header.length).to.equal(late.length);
      expect(cells(row("collection costs per household"))).to.deep.equal(["€1,234.56", "€45.10", "€0.00"]);
      expect(cells(row("mean peak arrears"))).to.deep.equal(["€987.65", "€321.09", "€12.34"]);
    });

    it("gives the main figures for covered households and for all", function () {
      const covered = lines.indexOf("Income covers the plan (20 households)");
      const all = lines.indexOf("All households (10 households)");
      expect(covered).to.be.above(0);
      expect(all).to.be.above(covered);
      // covered: figures(2), (5), (8); all: figures(1), (4), (7).
      expect(cells(row("energy months paid late", covered))).to.deep.equal(["4.0 %", "10.1 %", "16.2 %"]);
      expect(cells(row("days late, 95th percentile", covered))).to.deep.equal(["18.1", "45.2", "72.3"]);
      expect(cells(row("water months paid late", all))).to.deep.equal(["4.0 %", "16.2 %", "28.3 %"]);
      expect(cells(row("weeks short per household", all))).to.deep.equal(["1.2", "4.8", "8.5"]);
      expect(cells(row("advances per household", all))).to.deep.equal(["€25.05", "€100.20", "€175.35"]);
    });

    it("ends with the chain check and the run", function () {
      expect(lines.at(-2)).to.equal("chain replay: 20 household-years, 0 mismatches, 3.5 household-years/minute");
      expect(lines.at(-1)).to.equal("model run: 12.3 s, 48,620.7 household-years/minute");
      const failed = summaryTable(report({ mismatches: 3 }))
        .split("\n")
        .at(-2);
      expect(failed).to.equal("chain replay: 20 household-years, 3 mismatches FAILED, 3.5 household-years/minute");
    });
  });
});
