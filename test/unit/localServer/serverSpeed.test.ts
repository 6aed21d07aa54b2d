// A server model's figures: the server's own durations where it reports them (Ollama), else the
// stream as this process saw it; time to first token is always ours.
import assert from 'node:assert/strict';
import { serverFigures } from '../../../src/inference/localServer/serverSpeed';

describe('server speed figures', function () {
  const seen = { started: 1000, firstTokenAt: 1250, ended: 2250, tokens: 11 };

  it("takes load, prompt and generation speed from the server's timings", function () {
    const figures = serverFigures({ loadMs: 800, promptTokens: 26, promptMs: 130, evalTokens: 40, evalMs: 500 }, seen);
    assert.deepEqual(figures, { ttftMs: 250, loadMs: 800, promptTokensPerSecond: 200, genTokensPerSecond: 80 });
  });

  it('falls back to the streamed tokens after the first when the server reports no timings', function () {
    assert.deepEqual(serverFigures(undefined, seen), { ttftMs: 250, genTokensPerSecond: 10 });
  });

  it('leaves out rates it cannot divide: no tokens, or no time', function () {
    const figures = serverFigures({ promptTokens: 0, promptMs: 10, evalTokens: 5, evalMs: 0 }, { ...seen, firstTokenAt: undefined });
    assert.deepEqual(figures, {});
  });
});
