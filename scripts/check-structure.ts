// `npm run check`'s structure rules for src/: no import cycle (type-only imports count: a cycle of
// types still ties two modules into one idea), no file over 450 lines and no function over 100.
// Prints every breach and exits 1 when there is one. `--report` prints the limits' largest cases
// without failing.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const MAX_FILE_LINES = 450;
const MAX_FUNCTION_LINES = 100;

// `--root <dir>` checks another tree (the unit test gives it one with a cycle).
const rootArg = process.argv.indexOf('--root');
const root = rootArg > 0 ? path.resolve(process.argv[rootArg + 1]!) : path.resolve(__dirname, '..');
const srcDir = path.join(root, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The src/ files a file imports (static, dynamic and `import type`), resolved to paths. */
function localImports(file: string, text: string, known: Set<string>): string[] {
  const info = ts.preProcessFile(text, true, true);
  const specifiers = info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('.'));
  return specifiers.flatMap((specifier) => {
    const base = path.resolve(path.dirname(file), specifier);
    const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, path.join(base, 'index.ts')];
    const hit = candidates.find((c) => known.has(c));
    return hit ? [hit] : [];
  });
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

interface LongFunction {
  file: string;
  name: string;
  line: number;
  lines: number;
}

function longFunctions(file: string, text: string): LongFunction[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
      found.push({ file, name, line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function main(): void {
  const report = process.argv.includes('--report');
  const files = sourceFiles(srcDir);
  const known = new Set(files);
  const texts = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  const rel = (f: string) => path.relative(root, f);
  const problems: string[] = [];

  const graph = new Map(files.map((f) => [f, localImports(f, texts.get(f)!, known)]));
  for (const cycle of importCycles(graph)) problems.push(`import cycle: ${cycle.map(rel).join(' <-> ')}`);

  const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const fileSizes = files.map((f) => ({ file: f, lines: lineCount(texts.get(f)!) }));
  for (const { file, lines } of fileSizes) {
    if (lines > MAX_FILE_LINES) problems.push(`${rel(file)}: ${lines} lines (at most ${MAX_FILE_LINES} per file)`);
  }
  const functions = files.flatMap((f) => longFunctions(f, texts.get(f)!));
  for (const fn of functions) {
    if (fn.lines > MAX_FUNCTION_LINES) {
      problems.push(`${rel(fn.file)}:${fn.line}: function ${fn.name} is ${fn.lines} lines (at most ${MAX_FUNCTION_LINES})`);
    }
  }

  if (report) {
    console.log('largest files:');
    for (const f of fileSizes.sort((a, b) => b.lines - a.lines).slice(0, 10)) console.log(`  ${f.lines}\t${rel(f.file)}`);
    console.log('longest functions:');
    for (const fn of functions.sort((a, b) => b.lines - a.lines).slice(0, 15)) console.log(`  ${fn.lines}\t${rel(fn.file)}:${fn.line} ${fn.name}`);
  }
  for (const problem of problems) console.error(problem);
  if (problems.length > 0 && !report) {
    console.error(`\n${problems.length} structure problem(s) in src/`);
    process.exitCode = 1;
  }
}

main();
