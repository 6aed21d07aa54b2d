// Which files a scan reads and with which comment syntax: by whole name, extension and name
// prefix, configure templates (`.in`), and scripts that say their language only in a `#!` line.
import assert from 'node:assert/strict';
import { FROM_SHEBANG, namedSyntax, syntaxForText } from '../../../src/core/lexing/fileSyntax';
import { mayBeScriptName, shebangInterpreter, syntaxForShebang } from '../../../src/core/lexing/shebang';
import { commentSyntaxFor, commentSyntaxForFileName } from '../../../src/core/lexing/syntaxLookup';
import { findTodos } from '../../../src/core/todos/findTodos';

describe('file syntax: names', () => {
  const BY_NAME: [string, string][] = [
    ['Makefile', 'makefile'],
    ['makefile', 'makefile'],
    ['GNUmakefile', 'makefile'],
    ['BSDmakefile', 'makefile'],
    ['rules.mk', 'makefile'],
    ['Makefile.am', 'makefile'],
    ['Makefile.in', 'makefile'],
    ['Makefile.linux', 'makefile'],
    ['Dockerfile', 'dockerfile'],
    ['Dockerfile.dev', 'dockerfile'],
    ['api.dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['Containerfile.arm64', 'dockerfile'],
    ['.envrc', 'shell'],
    ['.env.local', 'shell'],
    ['.bashrc', 'shell'],
    ['.zprofile', 'shell'],
    ['bashrc', 'shell'],
    ['config.sub', 'shell'],
    ['config.guess', 'shell'],
    ['PKGBUILD', 'shell'],
    ['config.h.in', 'c'],
    ['setup.py.in', 'python'],
    ['shader.wgsl', 'wgsl'],
    ['lib.wesl', 'wgsl'],
    ['Brewfile', 'ruby'],
    ['.gitattributes', 'gitignore'],
    ['.npmrc', 'ini'],
  ];
  for (const [name, id] of BY_NAME) {
    it(`${name} is read as ${id}`, () => assert.equal(commentSyntaxForFileName(name)?.id, id));
  }

  it('keeps a known extension ahead of a name prefix: dockerfile.ts and makefile.py are code', () => {
    assert.equal(commentSyntaxForFileName('dockerfile.ts')?.id, 'javascript');
    assert.equal(commentSyntaxForFileName('makefile.py')?.id, 'python');
  });

  it('knows WGSL and WESL by language id too', () => {
    assert.equal(commentSyntaxFor('wgsl')?.id, 'wgsl');
    assert.equal(commentSyntaxFor('wesl')?.id, 'wgsl');
  });

  it('leaves to the `#!` line only names without an extension, or such names with `.in`', () => {
    for (const name of ['configure', 'deploy', 'install-sh', 'tool.in', '.hidden-script']) {
      assert.equal(namedSyntax(name), FROM_SHEBANG, name);
      assert.equal(mayBeScriptName(name), true, name);
    }
    for (const name of ['notes.txt', 'data.json', 'image.png', 'libfoo.pc.in']) assert.equal(namedSyntax(name), undefined, name);
  });

  it('never reads documents without an extension to look for a `#!` line', () => {
    for (const name of ['LICENSE', 'COPYING', 'README', 'AUTHORS', 'CHANGELOG', 'NOTICE', 'VERSION']) assert.equal(namedSyntax(name), undefined, name);
  });
});

describe('file syntax: `#!` lines', () => {
  const INTERPRETERS: [string, string][] = [
    ['#!/bin/sh', 'sh'],
    ['#! /bin/sh', 'sh'],
    ['#!/bin/bash -e', 'bash'],
    ['#!/usr/bin/zsh', 'zsh'],
    ['#!/bin/dash', 'dash'],
    ['#!/bin/ksh93', 'ksh'],
    ['#!/usr/bin/env bash', 'bash'],
    ['#!/usr/bin/env python3', 'python'],
    ['#!/usr/bin/python3.12 -u', 'python'],
    ['#!/usr/local/bin/perl -w', 'perl'],
    ['#!/usr/bin/env ruby', 'ruby'],
    ['#!/usr/bin/env node', 'node'],
    ['#!/usr/bin/env -S node --experimental-strip-types', 'node'],
    ['#!/usr/bin/env -Snode --flag', 'node'],
    ['#!/usr/bin/env --split-string=deno run -A', 'deno'],
    ['#!/usr/bin/env -S deno run --allow-read', 'deno'],
    ['#!/usr/bin/env -S uv run --script', 'uv'],
    ['#!/usr/bin/env -i PATH=/bin:/usr/bin sh', 'sh'],
    ['#!/usr/bin/env -u HOME -C /tmp -- bash', 'bash'],
    ['#!/bin/busybox sh', 'sh'],
    ['#!@PYTHON@', 'python'],
    ['#! @SHELL@ -e', 'shell'],
    ['#!C:\\Python312\\python.exe', 'python'],
    ['#!/bin/bash\r', 'bash'],
  ];
  for (const [line, interpreter] of INTERPRETERS) {
    it(`${JSON.stringify(line)} names ${interpreter}`, () => assert.equal(shebangInterpreter(`${line}\necho done\n`), interpreter));
  }

  it('maps interpreters to their comment syntax', () => {
    assert.equal(syntaxForShebang('#!/bin/bash')?.id, 'shell');
    assert.equal(syntaxForShebang('#!/usr/bin/env python3')?.id, 'python');
    assert.equal(syntaxForShebang('#!/usr/bin/perl')?.id, 'perl');
    assert.equal(syntaxForShebang('#!/usr/bin/env ruby')?.id, 'ruby');
    assert.equal(syntaxForShebang('#!/usr/bin/env -S node --no-warnings')?.id, 'javascript');
    assert.equal(syntaxForShebang('#!/usr/bin/env -S uv run --script')?.id, 'python');
    assert.equal(syntaxForShebang('#! @SHELL@')?.id, 'shell');
  });

  it('knows no syntax without a `#!` line or for an interpreter the table lacks', () => {
    assert.equal(shebangInterpreter('# not a shebang'), undefined);
    assert.equal(shebangInterpreter('#!'), undefined);
    assert.equal(shebangInterpreter('#!/usr/bin/env'), undefined);
    assert.equal(shebangInterpreter(' #!/bin/sh'), undefined);
    assert.equal(syntaxForShebang('#!/usr/bin/awk -f'), undefined);
    assert.equal(syntaxForShebang('dnl configure.in'), undefined);
  });

  it('reads a script by the syntax its `#!` line names', () => {
    const python = '#!/usr/bin/env python3\ns = "# TODO: in a string"\n# TODO: python comment\n';
    assert.deepEqual(findTodos(python, syntaxForText(FROM_SHEBANG, python)!).map((t) => t.text), ['python comment']);
    const node = "#!/usr/bin/env node\nconst s = '# TODO: not a comment';\n// FIXME: a js comment\n";
    assert.deepEqual(findTodos(node, syntaxForText(FROM_SHEBANG, node)!).map((t) => t.text), ['a js comment']);
    assert.equal(syntaxForText(FROM_SHEBANG, 'plain text\n# TODO: x\n'), undefined);
  });
});

describe('file syntax: WGSL', () => {
  it('finds TODOs in line and nested block comments, and none in code', () => {
    const source = '// TODO: bind group layout\n/* outer /* inner */ FIXME: still a comment */\nfn main() -> f32 { return 1.0; }\n';
    assert.deepEqual(findTodos(source, 'shader.wgsl').map((t) => t.text), ['bind group layout', 'still a comment']);
    assert.deepEqual(findTodos('/* a /* b */ c */ let TODO_x = 1;\n', 'wgsl'), []);
  });
});
