/**
 * Builds the web app into static files that any web server can host (default app/dist), with its
 * config.json: from `.env` (APP_RPC_URL, APP_CHAIN_ID, APP_FACTORY_ADDRESS, APP_FROM_BLOCK), or else
 * from the local node's deployment record (deploy/deployments/chain-31337).
 *
 *   npm run app:build
 *   npm run app:build -- --out /var/www/huishoudboekje
 */
import path from "path";
import { execFileSync } from "child_process";
import { cliProgram, parseCommandLine } from "../src/cli";
import { loadDotenv } from "../src/chain/env";
import { runMain } from "../src/core";
import { buildConfig } from "../src/webapp/build-config";
import { APP_DIR, finished, ROOT, startVite } from "../src/webapp/vite";

interface BuildOptions {
  out: string;
}

const program = cliProgram("npm run app:build --", "Builds the web app into static files.").option(
  "--out <dir>",
  "directory for the static files",
  path.join(APP_DIR, "dist"),
);

runMain(async () => {
  const options = parseCommandLine<BuildOptions>(program, process.argv.slice(2));
  if (!options) return;
  loadDotenv();
  const config = buildConfig();
  // The app's contract types come from the compiler (TypeChain); then the app is type-checked.
  execFileSync(process.execPath, [require.resolve("hardhat/internal/cli/cli.js"), "compile", "--quiet"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(APP_DIR, "tsconfig.json")], {
    cwd: ROOT,
    stdio: "inherit",
  });
  await finished(startVite("build", { config, outDir: options.out }), "vite build");
  console.log(
    `\nThe app is in ${path.relative(process.cwd(), path.resolve(options.out)) || "."} (config.json: ${config.networkName}, factory ${config.factory})`,
  );
});
