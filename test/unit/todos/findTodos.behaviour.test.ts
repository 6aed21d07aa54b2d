import assert from 'node:assert/strict';
import { findTodos, tagProbes } from '../../../src/core/todos/findTodos';

describe('findTodos: positions, tags and continuation', () => {
  it('reports 0-based line, column, offset and the owner', () => {
    const text = 'let a = 1;\n  let b = 2; // TODO(ana): fix login redirect tomorrow 3pm !high #auth\n';
    const [m, ...rest] = findTodos(text, 'typescript');
    assert.equal(rest.length, 0);
    assert.equal(m!.line, 1);
    assert.equal(m!.column, 16);
    assert.equal(text.slice(m!.offset, m!.offset + 4), 'TODO');
    assert.equal(m!.endLine, 1);
    assert.equal(m!.tag, 'TODO');
    assert.equal(m!.owner, 'ana');
    assert.equal(m!.text, 'fix login redirect tomorrow 3pm !high #auth');
  });

  it('accepts the separators :, - and — and an @-prefixed owner', () => {
    const found = findTodos('// TODO - dash\n// FIXME — em dash\n// HACK(@bob): at owner\n// XXX plain\n', 'ts');
    assert.deepEqual(
      found.map((m) => [m.tag, m.text, m.owner]),
      [
        ['TODO', 'dash', undefined],
        ['FIXME', 'em dash', undefined],
        ['HACK', 'at owner', 'bob'],
        ['XXX', 'plain', undefined],
      ],
    );
  });

  it('continues a block TODO over following comment lines until a blank line or another tag', () => {
    const text = ['/*', ' * TODO: handle the case where', ' * the file is missing', ' *', ' * Unrelated description.', ' */'].join('\n');
    const [m] = findTodos(text, 'java');
    assert.equal(m!.text, 'handle the case where the file is missing');
    assert.equal(m!.line, 1);
    assert.equal(m!.endLine, 2);

    const two = findTodos('/* TODO: first part\n   FIXME: second\n   more of second */', 'c');
    assert.deepEqual(
      two.map((x) => [x.tag, x.text, x.line, x.endLine]),
      [
        ['TODO', 'first part', 0, 0],
        ['FIXME', 'second more of second', 1, 2],
      ],
    );
  });

  it('stops a JSDoc TODO at the next @tag line', () => {
    const [m] = findTodos('/**\n * TODO: validate input\n * @param x the input\n */', 'ts');
    assert.equal(m!.text, 'validate input');
    assert.equal(m!.endLine, 1);
  });

  it('continues line-comment TODOs that are indented under the text or wrap mid-sentence', () => {
    const indented = findTodos('// TODO: handle the case\n//       where it fails\nx();\n', 'ts');
    assert.equal(indented[0]!.text, 'handle the case where it fails');
    const wrapped = findTodos('# FIXME: retry the request when the server\n# returns 503 or times out\n', 'py');
    assert.equal(wrapped[0]!.text, 'retry the request when the server returns 503 or times out');
    assert.equal(wrapped[0]!.endLine, 1);
    // A finished sentence followed by a capitalised line is a separate comment, not a continuation.
    const separate = findTodos('// TODO: add tests.\n// Parses the config file.\nfunction parse() {}\n', 'ts');
    assert.equal(separate[0]!.text, 'add tests.');
    assert.equal(separate[0]!.endLine, 0);
    // A trailing comment after code never swallows the next line.
    const trailing = findTodos('x(); // TODO: check x\n// more words here\n', 'ts');
    assert.equal(trailing[0]!.text, 'check x');
  });

  it('reads a string whose escape ends the line the same with CRLF as with LF (stress fuzz, seed 1235532711)', () => {
    // The escape took the CR alone, so under CRLF the line feed then ended the single-line string
    // and the lines after it were read as code: a comment opener there found a FIXME LF did not.
    const lf = "x = 'a \\\n/* b */ ' /* TODO: after the string */\ny = 1; /* FIXME: next line */\n";
    const view = (text: string) => findTodos(text, 'd').map((m) => [m.tag, m.line, m.text]);
    assert.deepEqual(view(lf.replace(/\n/g, '\r\n')), view(lf));
    assert.deepEqual(view(lf), [['TODO', 1, 'after the string'], ['FIXME', 2, 'next line']]);
  });

  it('handles CRLF line endings without leaking \\r into texts', () => {
    const text = '/* TODO: first\r\n * second line\r\n */\r\nx(); // FIXME: crlf\r\n';
    const found = findTodos(text, 'ts');
    assert.deepEqual(
      found.map((m) => [m.text, m.line, m.endLine]),
      [
        ['first second line', 0, 1],
        ['crlf', 3, 3],
      ],
    );
    assert.ok(found.every((m) => !m.text.includes('\r')));
  });

  it('matches tags as whole words in their configured case', () => {
    const text = '// DEBUG mode\n// TODOS are many\n// todo: lower case.\n// see the TODO list\n// TODO_LIST\n// NOTE: TODO: nested marker\n';
    assert.deepEqual(
      findTodos(text, 'ts').map((m) => m.text),
      ['nested marker'],
    );
    // Lower-case tags are found when configured.
    assert.deepEqual(
      findTodos(text, 'ts', { tags: ['todo'] }).map((m) => m.text),
      ['lower case.'],
    );
  });

  it('uses configured tags and reports the configured spelling', () => {
    const found = findTodos('// NOTE: a\n// TODO: b\n// OPTIMIZE: c\n', 'ts', { tags: ['NOTE', 'OPTIMIZE'] });
    assert.deepEqual(
      found.map((m) => [m.tag, m.text]),
      [
        ['NOTE', 'a'],
        ['OPTIMIZE', 'c'],
      ],
    );
    assert.deepEqual(tagProbes(['TODO', 'BUG']), ['TODO', 'BUG']);
  });

  it('finds @TODO doc tags and a tag followed by a colon mid-comment', () => {
    const found = findTodos('/** @TODO: doc tag */\nx(); // works for now. FIXME: proper fix\n', 'ts');
    assert.deepEqual(
      found.map((m) => m.text),
      ['doc tag', 'proper fix'],
    );
  });

  it('treats an unterminated block comment as running to the end of the file', () => {
    const found = findTodos('x();\n/* TODO: never closed\nstill comment', 'c');
    assert.equal(found[0]!.text, 'never closed still comment');
  });

  it('counts lines correctly after multi-line strings and comments', () => {
    const text = 'const s = `a\nb\nc`;\n/* x\ny */\n// TODO: after\n';
    const [m] = findTodos(text, 'ts');
    assert.equal(m!.line, 5);
    assert.equal(m!.column, 3);
  });

  it('finds a TODO on the last line without a newline, and an empty TODO', () => {
    assert.deepEqual(
      findTodos('x();\n// TODO', 'ts').map((m) => [m.line, m.text]),
      [[1, '']],
    );
  });

  it('stays linear on a minified one-line file', () => {
    const line = 'var a="x",b=/\\/\\//g;'.repeat(20000) + '/* TODO: end */';
    const started = performance.now();
    const found = findTodos(line, 'js');
    const ms = performance.now() - started;
    assert.equal(found.length, 1);
    assert.ok(ms < 1000, `took ${ms} ms`);
  });
});
