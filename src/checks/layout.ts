/**
 * The library's layout rules, checked from the source with the TypeScript compiler's parser:
 * every function fits on one screen, and no module imports itself through others (no cycles).
 * `npm run check:layout` prints what breaks them; test/library/layout.test.ts keeps them.
 */
import fs from "fs";
import path from "path";
import ts from "typescript";

/** One screen: a function longer than this many lines (its whole text, blank lines included) is too long. */
export const MAX_FUNCTION_LINES = 50;

export interface LongFunction {
  file: string;
  name: string;
  line: number;
  lines: number;
}

/** Every .ts file under `dirs` (relative to `root`), sorted. */
export function sourceFiles(root: string, dirs: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) found.push(path.relative(root, full));
    }
  };
  for (const d of dirs) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
  return found.sort();
}

function parse(root: string, file: string): ts.SourceFile {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  return ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
}

function functionName(node: ts.Node): string {
  const named = node as ts.FunctionDeclaration | ts.MethodDeclaration;
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return "(anonymous)";
}

function isFunction(node: ts.Node): boolean {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node)
  );
}

/** The functions in `files` longer than `max` lines. */
export function longFunctions(root: string, files: string[], max = MAX_FUNCTION_LINES): LongFunction[] {
  const long: LongFunction[] = [];
  for (const file of files) {
    const sf = parse(root, file);
    const visit = (node: ts.Node) => {
      if (isFunction(node)) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = end - start + 1;
        if (lines > max) long.push({ file, name: functionName(node), line: start + 1, lines });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return long;
}

/** The relative imports of one file, resolved to files under `root` (index.ts for a folder). */
export function importsOf(root: string, file: string): string[] {
  const sf = parse(root, file);
  const targets: string[] = [];
  for (const stmt of sf.statements) {
    if (!ts.isImportDeclaration(stmt) && !ts.isExportDeclaration(stmt)) continue;
    if (ts.isImportDeclaration(stmt) && stmt.importClause?.isTypeOnly) continue; // erased at run time
    const spec = stmt.moduleSpecifier;
    if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith(".")) continue;
    const base = path.join(path.dirname(file), spec.text);
    const candidates = [`${base}.ts`, path.join(base, "index.ts")];
    const hit = candidates.find((c) => fs.existsSync(path.join(root, c)));
    if (hit) targets.push(path.normalize(hit));
  }
  return targets;
}

/** Import cycles among `files` (each as the list of files around it), found by depth-first search. */
export function importCycles(root: string, files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(root, f)]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (f: string) => {
    state.set(f, "open");
    stack.push(f);
    for (const next of graph.get(f) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}
