// package.json's `contributes` and `activationEvents` are made from the fragments in contributes/
// (base.json first, then one file per feature, alphabetically), so features never edit the same
// lines of package.json. `npm run contributes` rewrites package.json; `--check` only compares
// (a unit test runs that), so a fragment change without a regenerated package.json fails CI.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = path.join(root, 'contributes');

function merge(a, b, where) {
  if (a === undefined) return b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v, `${where}.${k}`);
    return out;
  }
  throw new Error(`contributes: conflicting values at ${where}`);
}

export function mergedContributions() {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort((x, y) => (x === 'base.json' ? -1 : y === 'base.json' ? 1 : x.localeCompare(y)));
  let merged = {};
  for (const f of files) merged = merge(merged, JSON.parse(readFileSync(path.join(dir, f), 'utf8')), f);
  merged.activationEvents = [...new Set(merged.activationEvents ?? [])];
  return merged;
}

function main() {
  const pkgPath = path.join(root, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const merged = mergedContributions();
  const next = { ...pkg, activationEvents: merged.activationEvents, contributes: merged.contributes };
  const text = JSON.stringify(next, null, 2) + '\n';
  if (process.argv.includes('--check')) {
    if (text !== readFileSync(pkgPath, 'utf8')) {
      console.error('package.json is out of date with contributes/*.json: run `npm run contributes`');
      process.exit(1);
    }
    console.log('package.json matches contributes/*.json');
    return;
  }
  writeFileSync(pkgPath, text);
  console.log(`package.json: ${merged.contributes.commands?.length ?? 0} commands from ${readdirSync(dir).length} fragments`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
