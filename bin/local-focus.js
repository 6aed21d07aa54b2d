#!/usr/bin/env node
// Thin launcher: the CLI is bundled to dist/cli.js by `npm run build` (run by `npm ci` through "prepare").
// A command line naming `todos` tries dist/cliTodos.js first, a small bundle that starts in tens of
// milliseconds; it hands every line it does not answer itself to the full CLI.
const path = require('node:path');
const fs = require('node:fs');
const dist = path.join(__dirname, '..', 'dist');
const cli = path.join(dist, 'cli.js');
const todos = path.join(dist, 'cliTodos.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(`local-focus: ${cli} is missing; run 'npm run build' in ${path.dirname(__dirname)} first.\n`);
  process.exit(1);
}
const fullCli = () => require(cli).main();
if (process.argv.includes('todos') && fs.existsSync(todos)) require(todos).main(fullCli);
else fullCli();
