// Mocha's root hooks for every suite: a test process that does not name a LOCAL_FOCUS_HOME gets
// a temporary one, so no test (nor a CLI it runs with process.env, such as `todos`, which keeps a
// record of each folder it lists) writes to the user's ~/.local-focus. Removed after the run.
// CommonJS, as mocha's `require` option loads it before tsx is in place.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, loaded by mocha itself */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ownHome = process.env.LOCAL_FOCUS_HOME ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'lf-test-home-'));
if (ownHome) process.env.LOCAL_FOCUS_HOME = ownHome;

exports.mochaHooks = {
  afterAll() {
    if (ownHome) fs.rmSync(ownHome, { recursive: true, force: true });
  },
};
