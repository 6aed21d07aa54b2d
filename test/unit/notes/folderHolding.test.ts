// Which note folder a file belongs to when a window has workspace folders and notes folders,
// some nested in others.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { folderHolding, isWithin } from '../../../src/core/notes/folderHolding';

describe('the folder holding a note', function () {
  const p = (...parts: string[]): string => path.resolve('/', ...parts);
  const project = { path: p('work', 'app'), label: 'app' };
  const vault = { path: p('home', 'ada', 'vault'), label: 'vault' };
  const docs = { path: p('work', 'app', 'docs'), label: 'docs' };

  it('is the innermost folder holding the file, whatever the order', function () {
    assert.equal(folderHolding([project, docs, vault], p('work', 'app', 'docs', 'a.md')), docs);
    assert.equal(folderHolding([docs, project, vault], p('work', 'app', 'docs', 'a.md')), docs);
    assert.equal(folderHolding([project, docs, vault], p('work', 'app', 'README.md')), project);
    assert.equal(folderHolding([project, docs, vault], p('home', 'ada', 'vault', 'journal', 'x.md')), vault);
  });

  it('is none for a file outside them all, including a sibling whose name starts the same', function () {
    assert.equal(folderHolding([project, vault], p('work', 'app-old', 'a.md')), undefined);
    assert.equal(folderHolding([project, vault], p('tmp', 'a.md')), undefined);
    assert.equal(folderHolding([], p('tmp', 'a.md')), undefined);
  });

  it('a folder is within itself and its parents, not its siblings or children', function () {
    assert.ok(isWithin(project.path, project.path));
    assert.ok(isWithin(project.path, docs.path));
    assert.ok(!isWithin(docs.path, project.path));
    assert.ok(!isWithin(project.path, p('work', 'application')));
  });
});
