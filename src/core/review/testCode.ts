// Test code does on purpose much of what the review checks look for: a test raises and catches
// anything to get a live exception, defers each case's cleanup to its own end, leaves a breakpoint
// behind a debug switch, or switches a case off with an early return. Measured on real code nobody
// here wrote (bench/review-heuristics-precision.ts, labelled samples of six corpora), the findings of
// those checks in test files were true 45% of the time (55/122) against 66% elsewhere (230/349), so
// the checks that mark themselves `deliberateInTestCode` report at info there: still shown, no
// longer a warning.
//
// A file is test code by the conventions of the test runners: a folder named test, tests, testing,
// __tests__ or spec, or a file named test_x.py, x_test.py, conftest.py, x_test.go, x.test.ts or
// x.spec.js (any JavaScript or TypeScript extension). The path is the one the user sees, relative
// to the workspace or project where there is one, so a project that itself lives under a folder
// named "tests" is not all test code.

const TEST_FOLDER = /^(?:tests?|testing|__tests__|spec)$/i;
const TEST_FILE = /^(?:test_.+\.py|.+_test\.py|conftest\.py|.+_test\.go|.+\.(?:test|spec)\.[cm]?[jt]sx?)$/i;

export function isTestCodePath(path: string): boolean {
  const parts = path.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
  const file = parts.pop() ?? '';
  return TEST_FILE.test(file) || parts.some((folder) => TEST_FOLDER.test(folder));
}
