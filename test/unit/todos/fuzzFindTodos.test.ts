// Fuzz of the comment finder: random text and mutations of real source files and real TODO texts,
// in every comment syntax the table knows. Each call must not throw, must return well-formed matches
// (positions inside the text and consistent with each other, the tag at its offset) and must not be
// slow (over 5 ms and 4× a plain input of the same length); a CRLF copy of an input must give the same TODOs on the same lines; and inputs built to
// trigger quadratic paths must stay linear. The seed is printed: LOCAL_FOCUS_FUZZ_SEED=<seed>
// reproduces a run, LOCAL_FOCUS_FUZZ_ITERATIONS changes its length. test/stress/fuzz.stress.ts runs
// the same tests (test/support/fuzz.suite.ts) with a fresh seed, on larger inputs and in every syntax.
import { REPRESENTATIVE_SYNTAXES } from '../../support/fuzz.targets';
import { itFuzzesFindTodos, itKeepsFindTodosLinear } from '../../support/fuzz.suite';

describe('fuzz: findTodos', function () {
  this.timeout(120_000);
  itFuzzesFindTodos({ defaultSeed: 0x5eed_f1d0, defaultIterations: 100_000, maxWindow: 2_000, crlfEvery: 10 });
  itKeepsFindTodosLinear(20_000, 40, REPRESENTATIVE_SYNTAXES);
});
