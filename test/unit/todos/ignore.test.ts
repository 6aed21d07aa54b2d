import assert from 'node:assert/strict';
import { compileGlobs, globToRegExpSource } from '../../../src/core/todos/glob';
import { GitIgnore, IgnoreStack, parseIgnoreLine } from '../../../src/core/todos/ignore';

describe('gitignore matcher', () => {
  const check = (content: string, cases: [string, boolean, boolean][]): void => {
    const stack = new IgnoreStack().with('', GitIgnore.parse(content));
    for (const [p, isDir, expected] of cases) assert.equal(stack.ignoresWithParents(p, isDir), expected, `${p} (dir=${isDir})`);
  };

  it('skips blanks and comments, honours escapes and trailing spaces', () => {
    assert.equal(parseIgnoreLine(''), undefined);
    assert.equal(parseIgnoreLine('# comment'), undefined);
    check('\\#hash\n\\!bang\nspace\\ \ntrail   \n', [
      ['#hash', false, true],
      ['!bang', false, true],
      ['space ', false, true],
      ['trail', false, true],
      ['trail   ', false, false],
    ]);
  });

  it('matches a slash-less pattern at any depth and a slashed one from its folder only', () => {
    check('node_modules\n/build\ndocs/out\n', [
      ['node_modules', true, true],
      ['a/b/node_modules/x.js', false, true],
      ['build', true, true],
      ['src/build', true, false],
      ['docs/out/index.html', false, true],
      ['src/docs/out', true, false],
    ]);
  });

  it('applies directory-only patterns to folders and what is under them, not to files', () => {
    check('logs/\n', [
      ['logs', true, true],
      ['logs', false, false],
      ['a/logs/x.txt', false, true],
    ]);
  });

  it('supports *, ?, [] and ** in all positions', () => {
    check('*.log\n?.tmp\n[abc].txt\n**/gen/**\na/**/z.js\nfoo/**\n', [
      ['x.log', false, true],
      ['deep/x.log', false, true],
      ['a.tmp', false, true],
      ['ab.tmp', false, false],
      ['b.txt', false, true],
      ['d.txt', false, false],
      ['src/gen/x.ts', false, true],
      ['gen/x.ts', false, true],
      ['a/z.js', false, true],
      ['a/b/c/z.js', false, true],
      ['b/z.js', false, false],
      ['foo/bar', false, true],
      ['foo', true, false],
    ]);
  });

  it('re-includes with a later negation, except under an excluded folder', () => {
    check('*.log\n!keep.log\nbuild/\n!build/keep.js\n', [
      ['x.log', false, true],
      ['keep.log', false, false],
      ['a/keep.log', false, false],
      ['build/keep.js', false, true],
    ]);
  });

  it('gives the last matching line verdict in a file of many lines, folder-only lines and negations included', () => {
    // 600 lines: more than one combined expression, with the lines that decide on both sides of
    // each boundary between them.
    const lines: string[] = [];
    for (let i = 0; i < 600; i++) {
      if (i % 7 === 0) lines.push(`!keep${i % 50}.c`);
      else if (i % 5 === 0) lines.push(`gen${i}/`);
      else if (i % 3 === 0) lines.push(`/top${i}/*.o`);
      else lines.push(`*${i}.c`);
    }
    lines.push('keep1*.c', '!gen10');
    const ignore = GitIgnore.parse(lines.join('\n'));
    const lastMatching = (p: string, isDir: boolean): boolean | undefined => {
      const rule = [...ignore.rules].reverse().find((r) => (!r.dirOnly || isDir) && r.regex.test(p));
      return rule && !rule.negate;
    };
    const paths = ['a/b/x1.c', 'x599.c', 'keep14.c', 'keep1x.c', 'keep49.c', 'gen10', 'gen595', 'top3/a.o', 'top3/b/a.o', 'src/y.h', 'x256.c', 'x257.c', 'a/x512.c'];
    const verdicts = paths.flatMap((p) => [false, true].map((isDir) => ignore.test(p, isDir)));
    assert.deepEqual(
      verdicts,
      paths.flatMap((p) => [false, true].map((isDir) => lastMatching(p, isDir))),
    );
    // The cases decide both ways and by no line at all.
    assert.ok(verdicts.includes(true) && verdicts.includes(false) && verdicts.includes(undefined));
  });

  it('lets a deeper .gitignore override a shallower one', () => {
    const stack = new IgnoreStack().with('', GitIgnore.parse('*.gen.ts\n')).with('pkg', GitIgnore.parse('!*.gen.ts\n/local\n'));
    assert.equal(stack.ignores('a.gen.ts', false), true);
    assert.equal(stack.ignores('pkg/a.gen.ts', false), false);
    assert.equal(stack.ignores('pkg/local', true), true);
    assert.equal(stack.ignores('local', true), false);
  });
});

describe('exclude globs (files.exclude, search.exclude)', () => {
  it('translates globs with **, braces and classes', () => {
    const m = compileGlobs(['**/node_modules', '**/*.{min.js,map}', 'dist', '**/.git', 'src/**/gen?.ts', '**/[Tt]emp']);
    assert.equal(m('node_modules'), true);
    assert.equal(m('a/b/node_modules'), true);
    assert.equal(m('a/b/node_modules_x'), false);
    assert.equal(m('lib/x.min.js'), true);
    assert.equal(m('x.map'), true);
    assert.equal(m('x.js'), false);
    assert.equal(m('dist'), true);
    assert.equal(m('src/dist'), false);
    assert.equal(m('src/a/b/gen1.ts'), true);
    assert.equal(m('src/gen1.ts'), true);
    assert.equal(m('Temp'), true);
    assert.equal(m('x/temp'), true);
  });

  it('answers the literal, name and ending shapes as their regular expressions do', () => {
    const globs = ['dist', 'a/b', '**/node_modules', '**/*.code-search', '**/.DS_Store', 'src/**/x', '**/a/b', '**/*.{js,ts}', './out/', '**/b*'];
    const paths = ['dist', 'src/dist', 'a/b', 'x/a/b', 'node_modules', 'p/node_modules', 'p/node_modules/q', 'node_modules_x', 'w.code-search', 'q/.code-search'];
    paths.push('q/w.code-search/z', '.DS_Store', 'd/.DS_Store', 'src/k/x', 'out', 'y.js', 'c/bar', 'c/abc');
    for (const glob of globs) {
      const re = new RegExp(`^${globToRegExpSource(glob.replace(/^\.\//, '').replace(/\/+$/, ''))}$`);
      const m = compileGlobs([glob]);
      for (const p of paths) assert.equal(m(p), re.test(p), `${glob} on ${p}`);
    }
  });

  it('matches nothing without globs and escapes regex characters', () => {
    assert.equal(compileGlobs([])('anything'), false);
    assert.equal(new RegExp(`^${globToRegExpSource('a+b(c).txt')}$`).test('a+b(c).txt'), true);
  });
});
