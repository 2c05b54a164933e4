/**
 * The web app's build. Run through `npm run app` / `npm run app:build` (scripts/app*.ts), which
 * pass the chain's config.json in APP_CONFIG: the dev server answers it at /config.json and a
 * build writes it next to index.html, where a municipality can also edit it after the build.
 */
import path from "path";
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

const appConfig = process.env.APP_CONFIG;

function configJson(): Plugin {
  return {
    name: "huishoudboekje-config-json",
    configureServer(server) {
      server.middlewares.use("/config.json", (_req, res) => {
        res.setHeader("content-type", "application/json");
        res.setHeader("cache-control", "no-store");
        res.end(appConfig ?? "{}");
      });
    },
    generateBundle() {
      if (appConfig) this.emitFile({ type: "asset", fileName: "config.json", source: appConfig + "\n" });
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  plugins: [react(), configJson()],
  build: {
    outDir: process.env.APP_OUT_DIR ?? path.join(import.meta.dirname, "dist"),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  // The app imports the project's library (src/) and the contract types (typechain-types/).
  server: { fs: { allow: [path.resolve(import.meta.dirname, "..")] } },
  preview: { headers: { "cache-control": "no-store" } },
});
