import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/review/findings';
import { runHeuristics } from '../../../src/core/review/heuristics';
import { applySuggestion } from '../../../src/core/review/suggestion';

function run(rule: string, languageId: string, lines: string[], changedLines?: number[]): Finding[] {
  return runHeuristics(lines.join('\n'), { languageId, rules: [rule], ...(changedLines ? { changedLines: new Set(changedLines) } : {}) });
}

const linesOf = (findings: Finding[]): number[] => findings.map((f) => f.line);

describe('heuristic: empty-catch', () => {
  it('finds an empty catch block in JavaScript, Java and C#', () => {
    assert.deepEqual(linesOf(run('empty-catch', 'javascript', ['try {', '  f();', '} catch (e) {}'])), [3]);
    assert.deepEqual(linesOf(run('empty-catch', 'typescript', ['try { f(); }', 'catch {', '}'])), [2]);
    assert.deepEqual(linesOf(run('empty-catch', 'java', ['try { f(); } catch (IOException | SQLException e) {', '', '}'])), [1]);
    assert.deepEqual(linesOf(run('empty-catch', 'csharp', ['try { F(); } catch (Exception) { }'])), [1]);
  });

  it('accepts a catch that handles the error, explains itself, or names the exception ignored', () => {
    assert.deepEqual(run('empty-catch', 'javascript', ['try { f(); } catch (e) { log(e); }']), []);
    assert.deepEqual(run('empty-catch', 'javascript', ['try { f(); } catch (e) { /* optional file */ }']), []);
    assert.deepEqual(run('empty-catch', 'java', ['try { f(); } catch (NumberFormatException ignored) {}']), []);
    assert.deepEqual(run('empty-catch', 'javascript', ['p.catch(() => {});']), []);
  });

  it('ignores catch blocks inside strings and comments', () => {
    assert.deepEqual(run('empty-catch', 'javascript', ['const s = "try {} catch (e) {}"; // catch (e) {}']), []);
  });

  it('finds a catch-all except with only pass in Python, not a specific one', () => {
    assert.deepEqual(linesOf(run('empty-catch', 'python', ['try:', '    f()', 'except:', '    pass'])), [3]);
    assert.deepEqual(linesOf(run('empty-catch', 'python', ['try:', '    f()', 'except Exception as e: pass'])), [3]);
    assert.deepEqual(run('empty-catch', 'python', ['try:', '    f()', 'except KeyError:', '    pass']), []);
    assert.deepEqual(run('empty-catch', 'python', ['try:', '    f()', 'except:', '    # best effort', '    pass']), []);
    assert.deepEqual(run('empty-catch', 'python', ['s = """', 'except:', '    pass', '"""']), []);
  });
});

describe('heuristic: debugger', () => {
  it('finds a debugger statement and offers to delete its line', () => {
    const text = ['function f() {', '  debugger;', '  return 1;', '}'];
    const [finding] = run('debugger', 'javascript', text);
    assert.equal(finding.line, 2);
    assert.equal(finding.suggestion, '');
    assert.equal(applySuggestion(text.join('\n'), finding), 'function f() {\n  return 1;\n}');
  });

  it('offers no deletion when the line holds more than the statement', () => {
    const [finding] = run('debugger', 'javascript', ['if (x) debugger;']);
    assert.equal(finding.line, 1);
    assert.equal(finding.suggestion, undefined);
  });

  it('ignores debugger in strings, comments and as a property name', () => {
    assert.deepEqual(run('debugger', 'javascript', ['const s = "debugger";', '// debugger;', 'const o = { debugger: true };', 'o.debugger = 1;']), []);
  });

  it('finds breakpoint() and pdb.set_trace() in Python', () => {
    const findings = run('debugger', 'python', ['def f():', '    breakpoint()', '    import pdb; pdb.set_trace()', '    x = "breakpoint()"']);
    assert.deepEqual(linesOf(findings), [2, 3]);
    assert.deepEqual(findings.map((f) => f.suggestion), ['', '']);
  });

  it('honours the linters silencing the same check on the line, and only for that check', () => {
    for (const comment of ['noqa', 'noqa: T100', 'pylint: disable=forgotten-debug-statement', 'pylint: disable=W1515']) {
      assert.deepEqual(run('debugger', 'python', ['def test_hook():', `    breakpoint()  # ${comment}`]), [], comment);
    }
    assert.deepEqual(run('debugger', 'javascript', ['debugger; // eslint-disable-line no-debugger', '// eslint-disable-next-line no-console, no-debugger', 'debugger;']), []);
    // Near misses: a silenced other check.
    assert.deepEqual(linesOf(run('debugger', 'python', ['breakpoint()  # noqa: E501'])), [1]);
    assert.deepEqual(linesOf(run('debugger', 'javascript', ['// eslint-disable-next-line no-console', 'debugger;'])), [2]);
  });

  it('leaves a Python breakpoint behind a debug switch alone: entering the debugger on demand is the feature', () => {
    assert.deepEqual(run('debugger', 'python', ['def b(level=1):', '    if config.DEBUG >= level:', '        pdb.set_trace()']), []);
    const nested = ['if config["profile"]:', '    run()', 'elif config["debug"]:', '    if posix:', '        signal.signal(SIGINT, lambda *a: pdb.set_trace())'];
    assert.deepEqual(run('debugger', 'python', nested), []);
    assert.deepEqual(run('debugger', 'python', ['if DEBUG_STEP == n: breakpoint()']), []);
    // Near miss: an ad hoc condition is a leftover all the same.
    assert.deepEqual(linesOf(run('debugger', 'python', ['for i in range(9):', '    if i == 5:', '        breakpoint()'])), [3]);
  });
});

describe('heuristic: console-log', () => {
  it('finds console.log and console.debug, spanning a multi-line call', () => {
    const findings = run('console-log', 'typescript', ['console.log("a");', 'console.debug(', '  x,', ');', 'console.error("kept");']);
    assert.deepEqual(findings.map((f) => [f.line, f.endLine, f.suggestion]), [[1, undefined, ''], [2, 4, '']]);
    assert.equal(findings[0].severity, 'info');
  });

  it('offers no deletion when the call is part of a larger expression', () => {
    const [finding] = run('console-log', 'javascript', ['const r = console.log(x) || y;']);
    assert.equal(finding.suggestion, undefined);
  });

  it('ignores console.log in strings, comments and on other objects', () => {
    assert.deepEqual(run('console-log', 'javascript', ['// console.log(x)', 'const s = `console.log(${a})`;', 'logger.console.log(x);']), []);
  });
});

describe('heuristic: nan-comparison', () => {
  it('finds == NaN and === NaN in JavaScript and rewrites them with Number.isNaN', () => {
    const findings = run('nan-comparison', 'javascript', ['if (x === NaN) {}', 'const ok = NaN != obj.value;', 'if (a + b == NaN) {}']);
    assert.deepEqual(linesOf(findings), [1, 2, 3]);
    assert.equal(findings[0].suggestion, 'if (Number.isNaN(x)) {}');
    assert.equal(findings[1].suggestion, 'const ok = !Number.isNaN(obj.value);');
    // Precedence makes the operand `a + b`; no rewrite is offered rather than a wrong one.
    assert.equal(findings[2].suggestion, undefined);
    assert.equal(findings[0].severity, 'error');
  });

  it("uses each language's isnan test", () => {
    assert.equal(run('nan-comparison', 'python', ["if v == float('nan'):"])[0].suggestion, 'if math.isnan(v):');
    assert.equal(run('nan-comparison', 'java', ['if (d != Double.NaN) {']).at(0)?.suggestion, 'if (!Double.isNaN(d)) {');
    assert.equal(run('nan-comparison', 'go', ['if v == math.NaN() {'])[0].suggestion, 'if math.IsNaN(v) {');
    assert.equal(run('nan-comparison', 'rust', ['if v == f64::NAN {'])[0].suggestion, 'if v.is_nan() {');
  });

  it('accepts correct NaN tests and ignores NaN in strings and comments', () => {
    assert.deepEqual(run('nan-comparison', 'javascript', ['if (Number.isNaN(x)) {}', 'const s = "x == NaN"; // y === NaN', 'const n = NaN;', 'Object.is(v, NaN);']), []);
    assert.deepEqual(run('nan-comparison', 'python', ['if math.isnan(v):', "    s = 'v == float(nan)'"]), []);
  });
});

describe('heuristic: assignment-in-condition', () => {
  it('finds a bare assignment in an if or while condition and offers the comparison', () => {
    const findings = run('assignment-in-condition', 'javascript', ['if (a = b) {}', 'while (node = node.next) {}']);
    assert.deepEqual(linesOf(findings), [1, 2]);
    assert.equal(findings[0].suggestion, 'if (a === b) {}');
    assert.equal(run('assignment-in-condition', 'c', ['if (x = 0) {'])[0].suggestion, 'if (x == 0) {');
  });

  it('accepts comparisons and the parenthesised assignment idiom', () => {
    const ok = [
      'if (a == b || a === c || a != d || a <= e || a >= f) {}',
      'while ((m = re.exec(s)) !== null) {}',
      'if ((line = read())) {}',
      'if (items.some((x) => x.done)) {}',
      'if (f(a = 1)) {}',
      'for (let i = 0; i < n; i++) {}',
    ];
    assert.deepEqual(run('assignment-in-condition', 'javascript', ok), []);
  });

  it('ignores assignments in strings and comments inside the condition', () => {
    assert.deepEqual(run('assignment-in-condition', 'java', ['if (s.equals("a = b") /* x = y */) {}']), []);
  });
});

describe('heuristic: unreachable-code', () => {
  it('finds a statement after return, throw, break and continue', () => {
    const text = [
      'function f(x) {', // 1
      '  return x;', // 2
      '  cleanup();', // 3
      '}', // 4
      'function g() {', // 5
      '  throw new Error("no");', // 6
      '  done = true;', // 7
      '}', // 8
      'for (const a of b) {', // 9
      '  continue;', // 10
      '  use(a);', // 11
      '}', // 12
    ];
    assert.deepEqual(linesOf(run('unreachable-code', 'javascript', text)), [3, 7, 11]);
  });

  it('catches code after a bare return that ASI ends at the line break', () => {
    assert.deepEqual(linesOf(run('unreachable-code', 'javascript', ['function f() {', '  return', '    value;', '}'])), [3]);
  });

  it('accepts jumps at the end of a block, in brace-less ifs, before case labels and hoisted functions', () => {
    const text = [
      'function f(x) {',
      '  if (x) return 1;',
      '  if (x > 1)',
      '    return 2;',
      '  else return 3;',
      '  switch (x) {',
      '    case 1: return 4;',
      '    case 2:',
      '      break;',
      '    default:',
      '      return 5;',
      '  }',
      '  return helper();',
      '  function helper() { return 6; }',
      '}',
      'const g = () => {',
      '  return a',
      '    .b()',
      '    + 1;',
      '};',
    ];
    assert.deepEqual(run('unreachable-code', 'javascript', text), []);
  });

  it('follows the statement end through multi-line returns and strings', () => {
    const text = ['function f() {', '  return {', '    a: 1,', '  };', '}', 'function g() {', '  return `a', 'b ${c}', 'd`;', '}'];
    assert.deepEqual(run('unreachable-code', 'javascript', text), []);
    assert.deepEqual(run('unreachable-code', 'javascript', ['function f() {', '  // return;', '  const s = "return; x";', '  go();', '}']), []);
  });

  it('honours a Go //nolint that covers the line: on it, or on the line above its function', () => {
    const body = ['\treturn nil', '\tcopyRemote()', '}'];
    assert.deepEqual(run('unreachable-code', 'go', ['// Copy is off until the server is fixed.', '//nolint:all', 'func Copy() error {', ...body]), []);
    assert.deepEqual(run('unreachable-code', 'go', ['//nolint', 'func Copy() error {', ...body]), []);
    assert.deepEqual(run('unreachable-code', 'go', ['func Copy() error {', '\treturn nil', '\tcopyRemote() //nolint:govet', '}']), []);
    // Near misses: a nolint for another linter, or one above a different function.
    assert.deepEqual(linesOf(run('unreachable-code', 'go', ['//nolint:errcheck', 'func Copy() error {', ...body])), [4]);
    assert.deepEqual(linesOf(run('unreachable-code', 'go', ['//nolint', 'func a() {}', '', 'func Copy() error {', ...body])), [6]);
  });

  it('finds unreachable code in Java, Go and C', () => {
    assert.deepEqual(linesOf(run('unreachable-code', 'java', ['int f() {', '    return 1;', '    x++;', '}'])), [3]);
    assert.deepEqual(linesOf(run('unreachable-code', 'go', ['func f() int {', '\treturn 1', '\tx++', '}'])), [3]);
    assert.deepEqual(run('unreachable-code', 'c', ['int f(int x) {', '    if (x)', '        return 1;', '    return 2;', '}']), []);
  });

  it('finds the next statement at the same indentation in Python', () => {
    const text = ['def f(n):', '    for i in range(n):', '        if i:', '            return i', '            i += 1', '    else:', '        return 0', '    # trailing comment'];
    assert.deepEqual(linesOf(run('unreachable-code', 'python', text)), [5]);
    assert.deepEqual(run('unreachable-code', 'python', ['def f(x):', '    if x: return 1', '    return 2']), []);
  });

  it('leaves alone a jump in a C macro body continued with backslashes, but not the same jump in code', () => {
    const macro = ['#define GEN(name) \\', 'case name: \\', '  copy(buf, #name); break;', 'char* name_of(int err) {', '  return buf;', '}'];
    assert.deepEqual(run('unreachable-code', 'c', macro), []);
    const code = ['void f(int x) {', '  switch (x) {', '  case 1:', '    copy(buf); break;', '    x++;', '  }', '}'];
    assert.deepEqual(linesOf(run('unreachable-code', 'c', code)), [5]);
  });

  it('leaves alone a C file that is a template of C, whose directives it cannot follow', () => {
    const body = ['static int f(int x) {', '    {{if SIGNED}}', '    return -x;', '    {{else}}', '    return x;', '    {{endif}}', '}'];
    assert.deepEqual(run('unreachable-code', 'c', body), []);
    const initializer = ['int f(void) {', '    int m[1][1] = {', '    {{1}}};', '    return m[0][0];', '    m[0][0]++;', '}'];
    assert.deepEqual(linesOf(run('unreachable-code', 'c', initializer)), [5]);
  });
});

describe('heuristic: duplicate-key', () => {
  it('finds the same key twice in an object literal, however it is written', () => {
    const findings = run('duplicate-key', 'javascript', ['const o = {', '  a: 1,', '  "b": 2,', "  'a': 3,", '  b() {},', '};']);
    assert.deepEqual(linesOf(findings), [4, 5]);
    assert.match(findings[0].message, /first on line 2/);
  });

  it('accepts a getter and setter pair, distinct keys, computed keys and spreads', () => {
    const ok = ['const o = {', '  get x() { return 1; },', '  set x(v) {},', '  [k]: 1,', '  [k]: 2,', '  ...a,', '  ...a,', '  y: { x: 1 },', '};'];
    assert.deepEqual(run('duplicate-key', 'typescript', ok), []);
  });

  it('does not read blocks, classes or strings as object literals', () => {
    const text = ['class A { f() {} f2() {} }', 'if (x) { a: 1; }', 'const s = "{a: 1, a: 2}";', 'switch (k) { case 1: { a(); } }'];
    assert.deepEqual(run('duplicate-key', 'javascript', text), []);
  });

  it('finds duplicate dict keys in Python, including 1 and 1.0, but not in lambdas or comprehensions', () => {
    assert.deepEqual(linesOf(run('duplicate-key', 'python', ["d = {'a': 1,", '     "a": 2, 1: 3, 1.0: 4}'])), [2, 2]);
    assert.deepEqual(run('duplicate-key', 'python', ["ops = {'+': lambda a, b: a + b, '-': lambda a, b: a - b}", 'sq = {k: v for k, v in items}', "s = f'{a}{a}'"]), []);
  });

  it('finds duplicate keys in JSON', () => {
    assert.deepEqual(linesOf(run('duplicate-key', 'json', ['{', '  "name": "a",', '  "name": "b"', '}'])), [3]);
  });
});

describe('heuristic: todo-added', () => {
  const text = ['// TODO: old note', 'function f() {', '  // FIXME handle null', '  return 1; // HACK', '  const s = "TODO in a string";', '}'];

  it('reports TODO-style comments on changed lines only', () => {
    const findings = run('todo-added', 'javascript', text, [3, 4, 5]);
    assert.deepEqual(linesOf(findings), [3, 4]);
    assert.match(findings[0].message, /FIXME handle null/);
  });

  it('reports nothing outside a diff review', () => {
    assert.deepEqual(run('todo-added', 'javascript', text), []);
  });

  it('reads Python comments, not strings', () => {
    assert.deepEqual(linesOf(run('todo-added', 'python', ['x = "TODO"', 'y = 1  # TODO: tidy'], [1, 2])), [2]);
  });
});

describe('heuristic: long-function', () => {
  const body = (n: number): string[] => Array.from({ length: n }, (_, i) => `  x += ${i};`);

  it('reports a named function longer than the limit at its header line', () => {
    const text = ['// long', 'function big(x) {', ...body(10), '}'];
    const findings = runHeuristics(text.join('\n'), { languageId: 'javascript', rules: ['long-function'], maxFunctionLines: 8 });
    assert.deepEqual(findings.map((f) => [f.line, f.severity]), [[2, 'info']]);
    assert.match(findings[0].message, /big is 12 lines long \(limit 8\)/);
  });

  it('accepts short functions and anonymous callbacks', () => {
    const text = ['function small(x) {', ...body(3), '}', 'describe("suite", () => {', ...body(10), '});'];
    assert.deepEqual(runHeuristics(text.join('\n'), { languageId: 'javascript', rules: ['long-function'], maxFunctionLines: 8 }), []);
  });

  it('counts a Python function by its indented body, a diff touching any of its lines', () => {
    const text = ['@decorator', 'def big(x):', ...Array.from({ length: 9 }, (_, i) => `    x += ${i}`), '', 'y = 1'];
    const opts = { languageId: 'python', rules: ['long-function'], maxFunctionLines: 8 };
    assert.deepEqual(linesOf(runHeuristics(text.join('\n'), opts)), [2]);
    assert.deepEqual(linesOf(runHeuristics(text.join('\n'), { ...opts, changedLines: new Set([7]) })), [2]);
    assert.deepEqual(runHeuristics(text.join('\n'), { ...opts, changedLines: new Set([13]) }), []);
  });
});

describe('heuristic: none-comparison', () => {
  it('suggests is None / is not None in Python', () => {
    const findings = run('none-comparison', 'python', ['if x == None:', 'if y!=None:', "s = 'x == None'"]);
    assert.deepEqual(findings.map((f) => [f.line, f.suggestion]), [[1, 'if x is None:'], [2, 'if y is not None:']]);
  });
});

describe('heuristic: empty-catch and unreachable-code on deliberate Python idioms', () => {
  it('notes a Python catch-all with only pass at info, and keeps a JavaScript empty catch a warning', () => {
    const severities = (languageId: string, lines: string[]) => run('empty-catch', languageId, lines).map((f) => f.severity);
    assert.deepEqual(severities('python', ['try:', '    f()', 'except Exception:', '    pass']), ['info']);
    assert.deepEqual(severities('python', ['try:', '    f()', 'except:', '    pass']), ['info']);
    assert.deepEqual(severities('javascript', ['try { f(); } catch (e) {}']), ['warning']);
  });

  it('leaves return/raise then yield, and code marked disable=unreachable, alone', () => {
    assert.deepEqual(run('unreachable-code', 'python', ['async def g():', '    raise RuntimeError', '    yield']), []);
    assert.deepEqual(run('unreachable-code', 'python', ['def f():', '    raise E()', '    # pylint: disable=unreachable', '    x = 1']), []);
    assert.deepEqual(linesOf(run('unreachable-code', 'python', ['def f():', '    raise E()', '    x = 1'])), [3]);
  });

  it('leaves a Python statement that does nothing, or a defensive break, after a jump alone: nothing meant to run is lost', () => {
    for (const marker of ['TODO', 'pass', '...', 'break']) assert.deepEqual(run('unreachable-code', 'python', ['def f():', '    raise E()', `    ${marker}`]), [], marker);
    assert.deepEqual(linesOf(run('unreachable-code', 'python', ['def f():', '    raise E()', '    todo()'])), [3]);
  });

  it('reports code after a jump that carries a comment at info: the jump was put in front of it knowingly', () => {
    const severities = (languageId: string, lines: string[]) => run('unreachable-code', languageId, lines).map((f) => [f.line, f.severity]);
    assert.deepEqual(severities('python', ['def f():', '    raise AssertionError(x)  # TODO: can this happen?', '    node += "."']), [[3, 'info']]);
    assert.deepEqual(severities('java', ['int f() {', '    return 0; /* off until fixed */', '    run();', '}']), [[3, 'info']]);
    // Near misses: a comment on the line before the jump explains the jump, not what follows it.
    assert.deepEqual(severities('python', ['def f():', '    # give up', '    raise E()', '    x = 1']), [[4, 'warning']]);
    assert.deepEqual(severities('java', ['int f() {', '    return 0;', '    run(); // go', '}']), [[3, 'warning']]);
  });

  it('reports unreachable code in C and C++ at info, where macros hide the control flow', () => {
    const severities = (languageId: string, lines: string[]) => run('unreachable-code', languageId, lines).map((f) => [f.line, f.severity]);
    for (const languageId of ['c', 'cpp']) {
      assert.deepEqual(severities(languageId, ['int f(void) {', '    return s_error;', '    UNREACHABLE;', '}']), [[3, 'info']], languageId);
    }
    assert.deepEqual(severities('go', ['func f() int {', '\treturn 1', '\tx++', '}']), [[3, 'warning']]);
  });

  it('reports Python code after a return, or after a jump at module level, at info: mostly switched off on purpose', () => {
    const severities = (lines: string[]) => run('unreachable-code', 'python', lines).map((f) => [f.line, f.severity]);
    assert.deepEqual(severities(['def f():', '    return 1', '    old_way()']), [[3, 'info']]);
    assert.deepEqual(severities(['raise ImportError()', 'app = make_app()']), [[2, 'info']]);
    // Near miss: a dead statement after a raise inside a function stays a warning.
    assert.deepEqual(severities(['def f():', '    raise E()', '    x = 1']), [[3, 'warning']]);
  });
});

describe('heuristic: assignment-in-condition in C and comma expressions', () => {
  it('notes the C idiom at info and stays a warning in JavaScript', () => {
    assert.deepEqual(run('assignment-in-condition', 'c', ['if (cp = alloc(n)) {}']).map((f) => f.severity), ['info']);
    assert.deepEqual(run('assignment-in-condition', 'javascript', ['if (a = b) {}']).map((f) => f.severity), ['warning']);
  });

  it('leaves a comma expression alone wherever the comma is', () => {
    assert.deepEqual(run('assignment-in-condition', 'c', ['while (c = next(&p), c != 0) {}', 'while (p = q, q = nx(q), p) {}']), []);
  });
});
