#!/usr/bin/env node
// Thin launcher: the CLI is bundled to dist/cli.js by `npm run build` (run by `npm ci` through "prepare").
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(`local-focus: ${cli} is missing; run 'npm run build' in ${path.dirname(__dirname)} first.\n`);
  process.exit(1);
}
require(cli).main();
