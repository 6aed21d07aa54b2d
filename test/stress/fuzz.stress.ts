// The unit tier's fuzz tests (test/support/fuzz.suite.ts) with more inputs: 100,000 each for the
// comment finder and the task rules parser, with a fresh seed every run (printed;
// LOCAL_FOCUS_FUZZ_SEED=<seed> repeats a run), larger source windows than the unit tier, CRLF
// comparisons on every fifth input, and the quadratic-path inputs at 50 KB against 500 KB in every
// syntax.
import { itFuzzesFindTodos, itFuzzesParseTaskRules, itKeepsFindTodosLinear } from '../support/fuzz.suite';

const freshSeed = (): number => (Date.now() ^ (process.pid << 16)) >>> 0;

describe('stress: fuzz of the comment finder and the task rules parser', function () {
  itFuzzesFindTodos({ defaultSeed: freshSeed(), defaultIterations: 100_000, maxWindow: 8_000, crlfEvery: 5 });
  itKeepsFindTodosLinear(50_000, 60);
  itFuzzesParseTaskRules({ defaultSeed: freshSeed(), defaultIterations: 100_000 });
});
