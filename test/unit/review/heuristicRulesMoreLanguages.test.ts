import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/review/findings';
import { runHeuristics } from '../../../src/core/review/heuristics';
import { applyReviewSettings, checkReviewSettings, enabledChecks } from '../../../src/core/review/reviewSettings';

function run(rule: string, languageId: string, lines: string[], goVersion?: string): Finding[] {
  return runHeuristics(lines.join('\n'), { languageId, rules: [rule], ...(goVersion ? { goVersion } : {}) });
}

const linesOf = (findings: Finding[]): number[] => findings.map((f) => f.line);

describe('heuristic: mutable-default-argument', () => {
  it('finds list, dict and set defaults that the function changes or lets out, annotated ones too', () => {
    const text = ['def f(a, b=[], *, c: dict = {}, d=set()):', '    b.append(a)', '    c[a] = 1', '    d |= {a}', 'def g(', '    x=list(),', '):', '    x += [1]'];
    assert.deepEqual(linesOf(run('mutable-default-argument', 'python', text)), [1, 1, 1, 6]);
    assert.ok(run('mutable-default-argument', 'python', text).every((f) => f.severity === 'info'));
  });

  it('accepts a mutable default the function only reads, stores or returns', () => {
    assert.deepEqual(run('mutable-default-argument', 'python', ['def f(names=[], config={}):', '    return len(names) + config.get("n", 0)']), []);
    assert.deepEqual(run('mutable-default-argument', 'python', ['class C:', '    def __init__(self, flags=[]):', '        self.flags = flags']), []);
  });

  it('accepts None, tuples, comparisons in defaults, and text in strings', () => {
    const text = ['def f(a=None, b=(), c: list[int] | None = None, d=x == [], e=frozenset()):', '    pass', 's = "def g(a=[]): pass"'];
    assert.deepEqual(run('mutable-default-argument', 'python', text), []);
  });
});

describe('heuristic: bare-except', () => {
  it('finds a bare except that handles the error, and offers except Exception', () => {
    const [finding, ...rest] = run('bare-except', 'python', ['try:', '    f()', 'except:', '    log()']);
    assert.equal(rest.length, 0);
    assert.equal(finding.line, 3);
    assert.equal(finding.suggestion, 'except Exception:');
  });

  it('reports at info a handler that shows the traceback, ends the program or hands the exception on', () => {
    const severity = (...handler: string[]) => run('bare-except', 'python', ['try:', '    work()', 'except:', ...handler.map((s) => `    ${s}`)]).map((f) => f.severity);
    for (const shown of ['traceback.print_exc()', 'logger.exception("failed")', 'log.warning("failed", exc_info=True)', 'err = sys.exc_info()[1]', 'self.showtraceback()', 'sys.exit(1)', 'os._exit(127)', 'getter.throw(*sys.exc_info())', 'self.server.handle_error(request, address)']) {
      assert.deepEqual(severity('cleanup()', shown), ['info'], shown);
    }
    for (const quiet of ['log("traceback")', 'return None', 'count += 1', 'raise ValueError("bad input")', 'self.exit_code = 1', 'sys.exiting = True']) {
      assert.deepEqual(severity('cleanup()', quiet), ['warning'], quiet);
    }
  });

  it('accepts a named exception, a re-raise, a lone pass (empty-catch reports it) and a noqa', () => {
    assert.deepEqual(run('bare-except', 'python', ['try:', '    f()', 'except Exception:', '    log()']), []);
    assert.deepEqual(run('bare-except', 'python', ['try:', '    f()', 'except:', '    cleanup()', '    raise']), []);
    assert.deepEqual(run('bare-except', 'python', ['try:', '    f()', 'except:', '    pass']), []);
    assert.deepEqual(run('bare-except', 'python', ['try:', '    f()', 'except:  # noqa: E722', '    log()']), []);
  });

  it('honours the silencing comments of the linters that make the same check, and only those', () => {
    const handler = (comment: string) => run('bare-except', 'python', ['try:', '    f()', `except:  # ${comment}`, '    log()']);
    for (const comment of ['noqa', 'noqa:B001', 'NOQA: E501, E722', 'pylint: disable=bare-except', 'pylint: disable=broad-except,W0702']) {
      assert.deepEqual(handler(comment), [], comment);
    }
    // Near misses: a noqa or a pylint disable for another check says nothing about this one.
    assert.equal(handler('noqa: E501').length, 1);
    assert.equal(handler('pylint: disable=broad-except').length, 1);
  });

  it('accepts a catch-all after a clause of the same try that routes KeyboardInterrupt, SystemExit or BaseException', () => {
    const routed = ['try:', '    run()', 'except KeyboardInterrupt:', '    pass', 'except (SystemExit, MemoryError):', '    raise', 'except:', '    report()'];
    assert.deepEqual(run('bare-except', 'python', routed), []);
    assert.deepEqual(run('bare-except', 'python', ['try:', '    run()', 'except SystemExit:', '    raise', 'except:', '    report()']), []);
    // Near miss: the clause belongs to an inner try, so this catch-all still swallows Ctrl-C.
    const inner = ['try:', '    try:', '        run()', '    except KeyboardInterrupt:', '        stop()', 'except:', '    report()'];
    assert.deepEqual(linesOf(run('bare-except', 'python', inner)), [6]);
    assert.deepEqual(linesOf(run('bare-except', 'python', ['try:', '    run()', 'except ValueError:', '    pass', 'except:', '    report()'])), [5]);
  });

  it('accepts a catch-all that re-raises through a helper named for it', () => {
    assert.deepEqual(run('bare-except', 'python', ['try:', '    commit()', 'except:', '    with util.safe_reraise():', '        rollback()']), []);
    assert.deepEqual(run('bare-except', 'python', ['try:', '    commit()', 'except:', '    with excutils.save_and_reraise_exception():', '        rollback()']), []);
    assert.deepEqual(run('bare-except', 'python', ['try:', '    commit()', 'except:', '    six.reraise(*sys.exc_info())']), []);
    // Near miss: raising a new error turns Ctrl-C into that error.
    assert.deepEqual(linesOf(run('bare-except', 'python', ['try:', '    parse()', 'except:', '    raise_error("bad")'])), [3]);
  });

  it('accepts a catch-all after a clause naming a tuple, assigned in the file, that holds an exit exception', () => {
    const handlers = ['def write(obj):', '    try:', '        obj.handle_write()', '    except _reraised:', '        raise', '    except:', '        obj.handle_error()'];
    assert.deepEqual(run('bare-except', 'python', ['_reraised = (ExitNow, KeyboardInterrupt, SystemExit)', ...handlers]), []);
    assert.deepEqual(linesOf(run('bare-except', 'python', ['_reraised = (ValueError, KeyError)', ...handlers])), [7]);
  });

  it('accepts a catch-all whose try body is a lone raise, and still reports one around more code', () => {
    assert.deepEqual(run('bare-except', 'python', ['try:', "    raise ValueError('foo')", 'except:', '    handle_error()']), []);
    assert.deepEqual(run('bare-except', 'python', ['try: raise ValueError', 'except: handle_error()']), []);
    assert.deepEqual(linesOf(run('bare-except', 'python', ['try:', '    prepare()', '    raise ValueError', 'except:', '    handle_error()'])), [4]);
  });

  it('leaves an atheris fuzz target alone: libFuzzer owns Ctrl-C and rejecting inputs is its purpose', () => {
    const harness = ['def TestOneInput(data):', '    try:', '        build(data)', '    except:', '        return'];
    assert.deepEqual(run('bare-except', 'python', ['import atheris', ...harness]), []);
    assert.deepEqual(run('bare-except', 'python', ['from atheris import FuzzedDataProvider', ...harness]), []);
    // Near miss: the word in a comment or a string is not an import.
    assert.deepEqual(linesOf(run('bare-except', 'python', ['# import atheris', 's = "import atheris"', ...harness])), [6]);
  });
});

describe('heuristic: is-literal', () => {
  it('finds is and is not with a string or number, on either side', () => {
    assert.deepEqual(linesOf(run('is-literal', 'python', ['if x is "a":', '    pass', 'if y is not 0: pass', 'if -1 is z: pass', "if b'x' is w: pass"])), [1, 3, 4, 5]);
  });

  it('accepts a literal that is only part of an operand: is binds looser than arithmetic', () => {
    assert.deepEqual(run('is-literal', 'python', ['assert oo/0 is oo', 'assert 3*oo + 2 is oo', 'assert x is 2 * y']), []);
  });

  it('accepts None, True, names ending in digits, and `is` inside strings', () => {
    assert.deepEqual(run('is-literal', 'python', ['if x is None or y is not True: pass', 'if v1 is v2: pass', 's = "x is 1"', 'isinstance(x, int)']), []);
  });
});

describe('heuristic: f-string-without-placeholders', () => {
  it('finds an f-string with no placeholder, at info level', () => {
    const findings = run('f-string-without-placeholders', 'python', ['a = f"plain"', "b = F'{{not one}}'"]);
    assert.deepEqual(linesOf(findings), [1, 2]);
    assert.ok(findings.every((f) => f.severity === 'info'));
  });

  it('accepts placeholders, plain strings, and a concatenation whose other part has placeholders', () => {
    assert.deepEqual(run('f-string-without-placeholders', 'python', ['a = f"{x}"', 'b = "plain"', 'c = (f"head "', '     f"{y}")', 'elif_ = rf"\\d{n}"']), []);
  });
});

describe('heuristic: defer-in-loop', () => {
  it('finds a defer in a for loop body, nested ifs included', () => {
    const text = ['func f(paths []string) {', '\tfor _, p := range paths {', '\t\tfh, _ := os.Open(p)', '\t\tif fh != nil {', '\t\t\tdefer fh.Close()', '\t\t}', '\t}', '}'];
    assert.deepEqual(linesOf(run('defer-in-loop', 'go', text)), [5]);
  });

  it('accepts a defer in a func literal inside the loop, outside any loop, or followed by return', () => {
    const text = [
      'func f(paths []string) error {',
      '\tdefer cleanup()',
      '\tfor _, p := range paths {',
      '\t\tfunc() {',
      '\t\t\tdefer mu.Unlock()',
      '\t\t}()',
      '\t\tif p == "x" {',
      '\t\t\tfh, _ := os.Open(p)',
      '\t\t\tdefer fh.Close()',
      '\t\t\treturn use(fh)',
      '\t\t}',
      '\t}',
      '\treturn nil',
      '}',
    ];
    assert.deepEqual(run('defer-in-loop', 'go', text), []);
  });

  it('accepts a defer whose resource outlives the iteration, a return in an outer block, and test files', () => {
    const kept = ['func f(n int) {', '\tfor i := 0; i < n; i++ {', '\t\tb := open(i)', '\t\tdefer b.Close()', '\t\tblocks = append(blocks, b)', '\t}', '}'];
    assert.deepEqual(run('defer-in-loop', 'go', kept), []);
    const ranged = ['func f() {', '\tfor _, l := range old {', '\t\tdefer l.Close()', '\t}', '}'];
    assert.deepEqual(run('defer-in-loop', 'go', ranged), []);
    const returns = ['func f() error {', '\tfor _, p := range ps {', '\t\tif ok(p) {', '\t\t\tfh := open(p)', '\t\t\tdefer fh.Close()', '\t\t\tuse(fh)', '\t\t}', '\t\treturn nil', '\t}', '}'];
    assert.deepEqual(run('defer-in-loop', 'go', returns), []);
    const inTest = ['import "testing"', 'func TestF(t *testing.T) {', '\tfor _, p := range ps {', '\t\tfh := open(p)', '\t\tdefer fh.Close()', '\t}', '}'];
    assert.deepEqual(run('defer-in-loop', 'go', inTest), []);
    // The same loop outside a test file is reported: the test above fails if the rule never fires.
    assert.deepEqual(linesOf(run('defer-in-loop', 'go', inTest.slice(1))), [4]);
  });

  it('finds a deferred release through a field, `defer resp.Body.Close()`', () => {
    const text = ['func f(urls []string) {', '\tfor _, u := range urls {', '\t\tresp, _ := http.Get(u)', '\t\tdefer resp.Body.Close()', '\t}', '}'];
    assert.deepEqual(linesOf(run('defer-in-loop', 'go', text)), [4]);
  });

  it('warns for a deferred release (Close, Unlock, a cancel func) and reports other deferred calls at info', () => {
    const text = [
      'func f(ps []string) {',
      '\tfor _, p := range ps {',
      '\t\tmu.Lock()',
      '\t\tdefer mu.Unlock()', // 4
      '\t\tctx, cancel := context.WithCancel(ctx)',
      '\t\tdefer cancel()', // 6
      '\t\tcs := C.CString(p)',
      '\t\tdefer C.free(unsafe.Pointer(cs))', // 8
      '\t\tdefer delete(m, p)', // 9
      '\t}',
      '}',
    ];
    const findings = run('defer-in-loop', 'go', text);
    assert.deepEqual(findings.map((f) => [f.line, f.severity]), [[4, 'warning'], [6, 'warning'], [8, 'info'], [9, 'info']]);
  });

  it('reports a release deferred in func main at info: main returns when the program ends', () => {
    const loop = ['\tfor _, addr := range addrs {', '\t\tlis, _ := net.Listen("tcp", addr)', '\t\tdefer lis.Close()', '\t\tgo serve(lis)', '\t}', '\tselect {}', '}'];
    assert.deepEqual(run('defer-in-loop', 'go', ['func main() {', ...loop]).map((f) => f.severity), ['info']);
    assert.deepEqual(run('defer-in-loop', 'go', ['func serveAll(addrs []string) {', ...loop]).map((f) => f.severity), ['warning']);
  });

  it('leaves alone a deferred release that the iteration also makes itself: the defer covers early returns', () => {
    const body = (close: string) => ['func f(entries []Entry) error {', '\tfor _, e := range entries {', '\t\trr, err := e.Open()', '\t\tif err != nil {', '\t\t\treturn err', '\t\t}', '\t\tdefer rr.Close()', '\t\tif err := copy(rr); err != nil {', '\t\t\treturn err', '\t\t}', close, '\t}', '\treturn nil', '}'];
    assert.deepEqual(run('defer-in-loop', 'go', body('\t\trr.Close()')), []);
    assert.deepEqual(linesOf(run('defer-in-loop', 'go', body('\t\tother.Close()'))), [7]);
    const cancels = ['func f(ids []string) {', '\tfor _, id := range ids {', '\t\tctx, cancel := context.WithTimeout(bg, time.Second)', '\t\tdefer cancel()', '\t\tquery(ctx, id)', '\t\tcancel()', '\t}', '}'];
    assert.deepEqual(run('defer-in-loop', 'go', cancels), []);
  });

  it('treats a Ginkgo spec file as test code', () => {
    const loop = ['func specs() {', '\tfor _, p := range ps {', '\t\tfh := create(p)', '\t\tdefer fh.Close()', '\t}', '}'];
    assert.deepEqual(run('defer-in-loop', 'go', ['import (', '\t. "github.com/onsi/ginkgo/v2"', ')', ...loop]), []);
    assert.deepEqual(linesOf(run('defer-in-loop', 'go', ['import (', '\t. "github.com/onsi/gomega"', ')', ...loop])), [7]);
  });

  it('treats a file with a runnable example as test code, but not one whose Example function takes arguments', () => {
    const loop = ['	for _, p := range ps {', '		fh := create(p)', '		defer fh.Close()', '	}', '}'];
    assert.deepEqual(run('defer-in-loop', 'go', ['func ExampleTemplate_glob() {', ...loop]), []);
    assert.deepEqual(linesOf(run('defer-in-loop', 'go', ['func ExampleWith(ps []string) {', ...loop])), [4]);
  });
});

describe('heuristic: loop-variable-capture', () => {
  const text = ['func f(xs []int) {', '\tfor _, x := range xs {', '\t\tgo func() {', '\t\t\tuse(x)', '\t\t}()', '\t}', '}'];

  it('finds a goroutine using the loop variable in a module older than Go 1.22', () => {
    assert.deepEqual(linesOf(run('loop-variable-capture', 'go', text, '1.21')), [3]);
  });

  it('is silent from Go 1.22 on, when the version is unknown, and when the variable is passed or copied', () => {
    assert.deepEqual(run('loop-variable-capture', 'go', text, '1.22'), []);
    assert.deepEqual(run('loop-variable-capture', 'go', text), []);
    const passed = ['for _, x := range xs {', '\tgo func(x int) {', '\t\tuse(x)', '\t}(x)', '}'];
    assert.deepEqual(run('loop-variable-capture', 'go', passed, '1.21'), []);
    const copied = ['for _, x := range xs {', '\tx := x', '\tgo func() {', '\t\tuse(x)', '\t}()', '}'];
    assert.deepEqual(run('loop-variable-capture', 'go', copied, '1.21'), []);
  });
});

describe('heuristic: unchecked-error', () => {
  it('finds a listed standard call and a same-file error-only function used as statements', () => {
    const text = ['func save() error {', '\treturn nil', '}', 'func f(dir string) {', '\tos.MkdirAll(dir, 0o755)', '\tsave()', '\tjson.Unmarshal(b, &v); g()', '}'];
    assert.deepEqual(linesOf(run('unchecked-error', 'go', text)), [5, 6, 7]);
  });

  it('accepts checked, assigned, deferred and commented calls, and functions returning more than an error', () => {
    const text = [
      'func load() (int, error) {',
      '\treturn 0, nil',
      '}',
      'func f(dir string) {',
      '\tif err := os.MkdirAll(dir, 0o755); err != nil {',
      '\t\treturn',
      '\t}',
      '\t_ = os.Chdir(dir)',
      '\tdefer os.Chdir(old)',
      '\tload()',
      '\tos.Remove(tmp)',
      '\tos.Rename(a, b) //nolint:errcheck',
      '\terr := json.Unmarshal(b, &v)',
      '}',
    ];
    assert.deepEqual(run('unchecked-error', 'go', text), []);
  });

  it('leaves test files alone', () => {
    const text = ['import (', '\t"os"', '\t"testing"', ')', 'func TestF(t *testing.T) {', '\tos.MkdirAll(t.TempDir(), 0o755)', '}'];
    assert.deepEqual(run('unchecked-error', 'go', text), []);
    assert.deepEqual(linesOf(run('unchecked-error', 'go', text.filter((l) => !l.includes('testing"')))), [5]);
  });
});

describe('heuristic: unquoted-variable', () => {
  it('notes an unquoted variable in rm, cp and mv', () => {
    const findings = run('unquoted-variable', 'shellscript', ['rm -rf $dir/build', 'cp a ${dest}', 'test -f x && mv $1 b', 'for f in *.txt; do rm $f; done']);
    assert.deepEqual(linesOf(findings), [1, 2, 3, 4]);
    assert.ok(findings.every((f) => f.severity === 'info'));
  });

  it('accepts a variable the script sets only to fixed text', () => {
    assert.deepEqual(run('unquoted-variable', 'shellscript', ['packdir=.git/objects/pack', 'rm -f $packdir/x', 'for kind in add-a add-z; do rm -f $kind.out; done']), []);
    assert.deepEqual(linesOf(run('unquoted-variable', 'shellscript', ['packdir=.git/objects/pack', 'packdir=$1', 'rm -f $packdir/x'])), [3]);
  });

  it('accepts quoted variables, other commands, single-quoted text, and zsh scripts', () => {
    assert.deepEqual(run('unquoted-variable', 'shellscript', ['rm -rf "$dir/build"', 'echo $x', "rm '$literal'", 'ls $dir']), []);
    assert.deepEqual(run('unquoted-variable', 'shellscript', ['#!/bin/zsh', 'rm -rf $dir']), []);
  });
});

describe('heuristic: unguarded-cd', () => {
  it('finds a cd followed by more commands without a check', () => {
    assert.deepEqual(linesOf(run('unguarded-cd', 'shellscript', ['cd build', 'rm -rf *'])), [1]);
  });

  it('accepts cd || exit, cd &&, if cd, set -e, and a cd that ends its block', () => {
    assert.deepEqual(run('unguarded-cd', 'shellscript', ['cd build || exit 1', 'rm -rf *', 'cd src && make', 'if cd x; then ls; fi', 'f() {', '  cd "$1"', '}']), []);
    assert.deepEqual(run('unguarded-cd', 'shellscript', ['set -eu', 'cd build', 'rm -rf *']), []);
  });

  it('accepts cds that cannot realistically fail, and a status check on the next line', () => {
    assert.deepEqual(run('unguarded-cd', 'shellscript', ['base=$(pwd)', 'cd sub || exit', 'cd "$base"', 'ls', 'cd ..', 'ls', 'cd ../..', 'ls', 'cd /', 'ls', 'cd "$(dirname "$0")"', 'ls', 'cd "$x" >/dev/null', 'rc=$?']), []);
    assert.deepEqual(linesOf(run('unguarded-cd', 'shellscript', ['base=$(pwd)', 'base=$1', 'cd "$base"', 'rm -f a', 'cd "$y" >/dev/null', 'make'])), [3, 5]);
  });

  it('accepts a cd followed by a script relative to the new directory, and anything after a top-level exec', () => {
    assert.deepEqual(run('unguarded-cd', 'shellscript', ['(cd ../repos; ./many-files.sh -d 3)', 'cd tools', '../bin/gen.sh']), []);
    assert.deepEqual(run('unguarded-cd', 'shellscript', ['#!/bin/sh', '# \\', 'exec wish "$0" -- "$@"', 'cd $workdir', 'set x 1']), []);
    // Near misses: a script found on PATH does not fail with the cd, and `exec >log` only redirects.
    assert.deepEqual(linesOf(run('unguarded-cd', 'shellscript', ['cd repos; many-files.sh -d 3', 'exec >log 2>&1', 'cd build', 'rm -rf *'])), [1, 3]);
  });

  it('reports a cd only when a command after it, before its subshell closes or the next cd, changes files', () => {
    assert.deepEqual(run('unguarded-cd', 'shellscript', ['( cd $1 ; $pwd ) | wc -c', '( cd ${HOME} ; ls ) | wc -l', 'rm -f x']), []);
    assert.deepEqual(run('unguarded-cd', 'shellscript', ['cd "$dir"', 'echo "in $dir" >/dev/null', 'cd /tmp || exit', 'rm -rf x']), []);
    // Near misses: a write through a redirection, sed -i, or a destructive command a few lines on.
    assert.deepEqual(linesOf(run('unguarded-cd', 'shellscript', ['( cd $1 ; echo x > out )'])), [1]);
    assert.deepEqual(linesOf(run('unguarded-cd', 'shellscript', ['cd "$dir"', "sed -i 's/a/b/' conf"])), [1]);
    assert.deepEqual(linesOf(run('unguarded-cd', 'shellscript', ['cd "$dir"', 'ls', 'echo ok >&2', 'git clean -fdx'])), [1]);
  });

  it('runs for shell only, not for Ruby in the same family', () => {
    assert.deepEqual(run('unguarded-cd', 'ruby', ['cd build', 'rm -rf *']), []);
  });
});

describe('heuristic: sizeof-pointer', () => {
  it('finds sizeof of a pointer parameter or local passed to memset and memcpy', () => {
    const text = ['void clear(struct item *it, const char *src) {', '  char *buf = malloc(64);', '  memset(it, 0, sizeof(it));', '  memcpy(buf, src, sizeof buf);', '}'];
    assert.deepEqual(linesOf(run('sizeof-pointer', 'c', text)), [3, 4]);
  });

  it('accepts a name declared as an array in another #ifdef branch', () => {
    const text = ['void f(void) {', '#ifdef COPY', '  item block[1];', '#else', '  item *block = p;', '#endif', '  memset(block, 0, sizeof(block));', '}'];
    assert.deepEqual(run('sizeof-pointer', 'c', text), []);
    assert.deepEqual(linesOf(run('sizeof-pointer', 'c', text.filter((l) => !l.includes('block[1]')))), [6]);
  });

  it('accepts sizeof(*p), arrays, arrays of pointers, and copying the pointer itself', () => {
    const text = [
      'void f(struct item *it, node *child) {',
      '  char buf[64];',
      '  char *names[4];',
      '  node *next;',
      '  memset(it, 0, sizeof(*it));',
      '  memset(buf, 0, sizeof(buf));',
      '  memset(names, 0, sizeof(names));',
      '  memcpy(&next, child, sizeof(next));',
      '}',
    ];
    assert.deepEqual(run('sizeof-pointer', 'c', text), []);
  });
});

describe('heuristic: floating-promise', () => {
  const lines = (languageId: string, text: string[]) => linesOf(run('floating-promise', languageId, text));

  it('finds a call to an async function of the file, not awaited, in an async function', () => {
    const text = [
      'async function save(order) { await db.put(order); }',
      'const notify = async (user) => { await mail(user); };',
      'class Checkout {',
      '  async charge(card: Card): Promise<void> { await bank.charge(card); }',
      '  async run(order: Order) {',
      '    save(order);',
      '    this.charge(order.card)',
      '    if (order.user) notify(order.user);',
      '    await save(order);',
      '  }',
      '}',
    ];
    assert.deepEqual(lines('typescript', text), [6, 7, 8]);
    const [finding] = run('floating-promise', 'typescript', text);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.suggestion, '    await save(order);');
  });

  it('accepts a call awaited, returned, assigned, passed on, chained or marked void', () => {
    const text = [
      'async function save(order) { await db.put(order); }',
      'async function run(order) {',
      '  await save(order);',
      '  const pending = save(order);',
      '  void save(order);',
      '  save(order).catch(report);',
      '  save(order)',
      '    .then(done);',
      '  track(save(order));',
      '  await Promise.all([save(order), save(order)]);',
      '  return save(order);',
      '}',
    ];
    assert.deepEqual(lines('javascript', text), []);
  });

  it('leaves alone calls outside async functions, in a sync callback, and names also declared without async', () => {
    const text = [
      'async function save(order) { await db.put(order); }',
      'function start(order) {',
      '  save(order);',
      '}',
      'async function run(orders) {',
      '  orders.forEach((order) => {',
      '    save(order);',
      '  });',
      '  load();',
      '  other.save(orders);',
      '}',
      'async function load() {}',
      'function load() {}',
      'const s = "save(order);";',
    ];
    assert.deepEqual(lines('javascript', text), []);
    const method = ['class A {', '  async close() { await this.flush(); }', '}', 'class B {', '  close() { this.done = true; }', '  async stop() {', '    this.close();', '  }', '}'];
    assert.deepEqual(lines('typescript', method), []);
  });

  it('reads statements split by line breaks without semicolons', () => {
    const text = ['async function save(o) { await put(o) }', 'async function run(o) {', '  await load(o)', '  save(o)', '  x = 1', '}'];
    assert.deepEqual(lines('javascript', text), [4]);
  });
});

describe('heuristic settings cover the new checks', () => {
  it('turns a new check off and changes its severity through review.json', () => {
    const settings = checkReviewSettings({ checks: { 'unguarded-cd': 'off', 'bare-except': 'error' } }, '.localfocus/review.json');
    assert.ok(!enabledChecks(settings).includes('unguarded-cd'));
    const findings = runHeuristics(['try:', '    f()', 'except:', '    log()'].join('\n'), { languageId: 'python', rules: enabledChecks(settings) });
    assert.deepEqual(applyReviewSettings(findings, settings).map((f) => [f.rule, f.severity]), [['bare-except', 'error']]);
  });
});
