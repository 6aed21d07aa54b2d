import assert from 'node:assert/strict';
import * as path from 'node:path';
import { goDirective, goModuleVersion } from '../../../src/core/review/goModuleVersion';

describe('goModuleVersion (the Go version a file is reviewed under)', () => {
  const root = path.resolve('/repo');
  const files = (entries: Record<string, string>) => (file: string): string | undefined => entries[path.relative(root, file).split(path.sep).join('/')];

  it('reads the go directive, with a patch version or a trailing comment', () => {
    assert.equal(goDirective('module example.com/m\n\ngo 1.21\n'), '1.21');
    assert.equal(goDirective('module m\ngo 1.22.3 // toolchain pinned below\ntoolchain go1.22.4\n'), '1.22.3');
    assert.equal(goDirective('module m\n// go 1.18 was the old one\n'), undefined);
    assert.equal(goDirective('module m\nrequire golang.org/x/mod v0.1.0\n'), undefined);
  });

  it('takes the nearest go.mod above the file, and a nested module over its parent', () => {
    const read = files({ 'go.mod': 'module a\ngo 1.20\n', 'tools/go.mod': 'module a/tools\ngo 1.23\n' });
    assert.equal(goModuleVersion(path.join(root, 'pkg/x/x.go'), root, read), '1.20');
    assert.equal(goModuleVersion(path.join(root, 'tools/gen/main.go'), root, read), '1.23');
  });

  it('stops at the nearest go.mod even without a directive, and at the root', () => {
    assert.equal(goModuleVersion(path.join(root, 'sub/a.go'), root, files({ 'go.mod': 'module a\ngo 1.20\n', 'sub/go.mod': 'module a/sub\n' })), undefined);
    const above = (file: string): string | undefined => (file === path.resolve('/go.mod') ? 'module outer\ngo 1.19\n' : undefined);
    assert.equal(goModuleVersion(path.join(root, 'a.go'), root, above), undefined);
  });
});
