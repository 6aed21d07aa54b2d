// Precision of the review heuristics on real code nobody here wrote: the checks run over every
// Python, Go, C and shell file under the corpus roots (each root's subfolders are repositories,
// e.g. /tmp/heur-corpus/psf+requests), and their warning and error findings are compared with a
// labelled sample committed in bench/data/review-heuristics-labels.json: each label says whether a
// reader judged the finding a real mistake or risk. Printed: files and lines scanned, findings per
// rule, and per-rule and overall precision of the sample. A label whose finding the rules no
// longer produce is counted as gone, not as right.
//
//   npx tsx bench/review-heuristics-precision.ts ROOT... [--labels FILE] [--sample N --seed S --set NAME]
//
// --sample prints N findings drawn at random (seeded) from the warnings and errors not yet labelled,
// as label stubs to fill in; --set names the sample they belong to. Without a root, it prints why and exits 0.
//
// A held-out set whose false findings were then used to fix rules is renamed (e.g. "heldout1-tuned")
// and dropped from `heldOutSets`: it is kept, and printed, as one more dev set. Each new held-out set
// is drawn once, from repositories not in `commits` before, after the rules are final.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../src/core/review/findings';
import { goModuleVersion } from '../src/core/review/goModuleVersion';
import { runHeuristics } from '../src/core/review/heuristics';
import { languageIdForPath } from '../src/core/review/language';
import { isTestCodePath } from '../src/core/review/testCode';
import { mulberry32 } from '../test/support/mulberry32';

interface Label {
  repo: string;
  path: string;
  line: number;
  rule: string;
  text: string;
  /** Which draw it came from: precision is printed per set, so a sample tuned on stays apart. */
  set: string;
  true: boolean;
  reason: string;
}

interface LabelFile {
  /** Repository folder name → the commit its files came from. */
  commits: Record<string, string>;
  /** Sets drawn after the rules were final, from repositories no rule was tuned on: the figure judged against the target. */
  heldOutSets?: string[];
  labels: Label[];
}

interface FoundFinding extends Finding {
  repo: string;
  path: string;
  text: string;
}

const LANGUAGES = new Set(['python', 'go', 'c', 'shellscript']);
// The corpus is the project's own code: vendored copies are someone else's (and would count twice),
// and test inputs (Go's testdata, tests/data, fixtures) are deliberately odd files no one runs as
// written, e.g. a formatter's cases. The product still checks such a file when a user reviews it.
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', 'vendor', '_vendor', 'third_party', 'testdata', 'fixtures']);
const skippedFolder = (dir: string, name: string): boolean =>
  SKIPPED_FOLDERS.has(name) || (name === 'data' && /^tests?$/.test(path.basename(dir)));

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !skippedFolder(dir, entry.name)) yield* sourceFiles(full);
    else if (entry.isFile() && LANGUAGES.has(languageIdForPath(entry.name))) yield full;
  }
}

/** A reader of go.mod files for goModuleVersion that reads each folder's once per repository. */
function cachedReader(cache: Map<string, string | undefined>): (file: string) => string | undefined {
  return (file) => {
    if (!cache.has(file)) cache.set(file, fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined);
    return cache.get(file);
  };
}

const keyOf = (f: { repo: string; path: string; line: number; rule?: string }): string => `${f.repo}\t${f.path}\t${f.line}\t${f.rule}`;

function scan(roots: readonly string[]) {
  const findings: FoundFinding[] = [];
  const filesByLanguage = new Map<string, number>();
  let lines = 0;
  for (const root of roots) {
    for (const repo of fs.readdirSync(root).sort()) {
      const repoDir = path.join(root, repo);
      if (!fs.statSync(repoDir).isDirectory()) continue;
      const readGoMod = cachedReader(new Map());
      for (const file of sourceFiles(repoDir)) {
        const text = fs.readFileSync(file, 'utf8');
        if (text.length > 1_000_000 || text.includes('\0')) continue;
        const languageId = languageIdForPath(file);
        filesByLanguage.set(languageId, (filesByLanguage.get(languageId) ?? 0) + 1);
        const fileLines = text.split('\n');
        lines += fileLines.length;
        const goVersion = languageId === 'go' ? goModuleVersion(file, repoDir, readGoMod) : undefined;
        const inRepo = path.relative(repoDir, file).split(path.sep).join('/');
        for (const finding of runHeuristics(text, { languageId, testCode: isTestCodePath(inRepo), ...(goVersion ? { goVersion } : {}) })) {
          findings.push({ ...finding, repo, path: inRepo, text: fileLines[finding.line - 1].trim() });
        }
      }
    }
  }
  return { findings, filesByLanguage, lines };
}

function readLabels(file: string): LabelFile {
  if (!fs.existsSync(file)) return { commits: {}, labels: [] };
  return JSON.parse(fs.readFileSync(file, 'utf8')) as LabelFile;
}

const percent = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

function printRuleTable(labels: readonly Label[]): void {
  for (const rule of [...new Set(labels.map((l) => l.rule))].sort()) {
    const of = labels.filter((l) => l.rule === rule);
    const right = of.filter((l) => l.true).length;
    console.log(`  ${rule.padEnd(28)} ${String(right).padStart(4)} / ${String(of.length).padEnd(4)} true  ${percent(right, of.length)}`);
  }
  const right = labels.filter((l) => l.true).length;
  console.log(`  ${'overall'.padEnd(28)} ${String(right).padStart(4)} / ${String(labels.length).padEnd(4)} true  ${percent(right, labels.length)}`);
}

/** Per set, then dev (the sets the rules were tuned on) and held-out apart: only held-out precision says how the rules do on new code. */
function printPrecision(labels: readonly Label[], heldOutSets: ReadonlySet<string>, found: ReadonlySet<string>): void {
  for (const set of [...new Set(labels.map((l) => l.set))]) {
    const inSet = labels.filter((l) => l.set === set);
    const present = inSet.filter((l) => found.has(keyOf(l)));
    const rightAtDraw = inSet.filter((l) => l.true).length;
    console.log(`\nSample "${set}" (${heldOutSets.has(set) ? 'held-out' : 'dev'}): ${inSet.length} labelled; true as drawn, with the rules of that time: ${rightAtDraw} / ${inSet.length} ${percent(rightAtDraw, inSet.length)}`);
    console.log(`  ${present.length} still reported at warning or error (${inSet.length - present.length} gone or lowered to info since):`);
    printRuleTable(present);
  }
  const stillReported = labels.filter((l) => found.has(keyOf(l)));
  console.log('\nDEV (samples the rules were tuned on), findings still reported:');
  printRuleTable(stillReported.filter((l) => !heldOutSets.has(l.set)));
  const heldOut = labels.filter((l) => heldOutSets.has(l.set));
  const gone = heldOut.filter((l) => !found.has(keyOf(l))).length;
  console.log(`\nHELD-OUT (drawn after the rules were final, from repositories not tuned on), as drawn${gone ? `; ${gone} no longer reported, so the rules changed since: draw a new held-out set` : ''}:`);
  printRuleTable(heldOut);
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const labelsFile = option('--labels') ?? path.join(__dirname, 'data', 'review-heuristics-labels.json');
  const sample = option('--sample');
  const seed = Number(option('--seed') ?? 1);
  const set = option('--set') ?? 'new';
  const roots = args.filter((r) => fs.existsSync(r));
  if (roots.length === 0) {
    console.log(`Skipped: no corpus root given or found (${args.join(' ') || 'none'}). Give folders whose subfolders are repository checkouts, e.g. /tmp/heur-corpus.`);
    return;
  }
  const { findings, filesByLanguage, lines } = scan(roots);
  const files = [...filesByLanguage.values()].reduce((a, b) => a + b, 0);
  console.log(`Scanned ${files} files (${[...filesByLanguage].map(([l, n]) => `${l} ${n}`).join(', ')}), ${lines} lines, in ${roots.join(', ')}`);
  console.log('\nFindings per rule (warning+error / info):');
  for (const rule of [...new Set(findings.map((f) => f.rule ?? ''))].sort()) {
    const of = findings.filter((f) => f.rule === rule);
    const serious = of.filter((f) => f.severity !== 'info').length;
    console.log(`  ${rule.padEnd(28)} ${String(serious).padStart(6)} / ${of.length - serious}`);
  }
  const { labels, heldOutSets } = readLabels(labelsFile);
  const found = new Set(findings.filter((f) => f.severity !== 'info').map(keyOf));
  if (sample) {
    const labelled = new Set(labels.map(keyOf));
    const pool = findings.filter((f) => f.severity !== 'info' && !labelled.has(keyOf(f)));
    const random = mulberry32(seed);
    const drawn: FoundFinding[] = [];
    while (drawn.length < Number(sample) && pool.length > 0) drawn.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
    const stubs = drawn.map((f) => ({ repo: f.repo, path: f.path, line: f.line, rule: f.rule, text: f.text, set, true: null, reason: '' }));
    console.log(`\nSample of ${stubs.length} unlabelled warning/error findings (seed ${seed}):\n${JSON.stringify(stubs, null, 1)}`);
    return;
  }
  if (labels.length === 0) console.log(`\nNo labels in ${labelsFile}: run with --sample N to draw findings to label.`);
  else printPrecision(labels, new Set(heldOutSets ?? []), found);
}

main();
