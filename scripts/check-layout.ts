/**
 * `npm run check:layout`: lists the functions of src/ and scripts/ longer than one screen and the
 * import cycles among them; exits 1 when there is any.
 */
import path from "path";
import { importCycles, longFunctions, MAX_FUNCTION_LINES, sourceFiles } from "../src/checks/layout";

const root = path.resolve(__dirname, "..");
const files = sourceFiles(root, ["src", "scripts"]);
const long = longFunctions(root, files);
const cycles = importCycles(root, files);
for (const f of long) console.log(`${f.file}:${f.line} ${f.name}: ${f.lines} lines (at most ${MAX_FUNCTION_LINES})`);
for (const c of cycles) console.log(`import cycle: ${c.join(" -> ")}`);
console.log(`${files.length} files: ${long.length} function(s) too long, ${cycles.length} import cycle(s)`);
process.exitCode = long.length + cycles.length > 0 ? 1 : 0;
