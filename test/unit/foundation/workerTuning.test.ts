import { strict as assert } from 'node:assert';
import { parseWorkerTuning, WORKER_TUNING_ENV, workerTuningEnv } from '../../../src/inference/workerTuning';

describe('worker tuning', () => {
  it('is empty when the variable is absent, so users get every default', () => {
    assert.deepEqual(parseWorkerTuning({}), {});
    assert.deepEqual(parseWorkerTuning({ [WORKER_TUNING_ENV]: '  ' }), {});
  });

  it('round-trips what a test helper sets', () => {
    const tuning = { totalRamBytes: 1024, probeBaseMs: 50, notesCheckpointMs: 100, faultRequests: true };
    assert.deepEqual(parseWorkerTuning(workerTuningEnv(tuning)), tuning);
  });

  it('refuses malformed values instead of ignoring them', () => {
    assert.throws(() => parseWorkerTuning({ [WORKER_TUNING_ENV]: '{' }), /not JSON/);
    assert.throws(() => parseWorkerTuning({ [WORKER_TUNING_ENV]: '[1]' }), /JSON object/);
    assert.throws(() => parseWorkerTuning({ [WORKER_TUNING_ENV]: '{"probeBaseMs":-1}' }), /probeBaseMs must be a positive number/);
    assert.throws(() => parseWorkerTuning({ [WORKER_TUNING_ENV]: '{"totalRam":5}' }), /unknown keys: totalRam/);
  });

  it('ignores the old per-knob variables', () => {
    assert.deepEqual(parseWorkerTuning({ LOCAL_FOCUS_TEST_TOTAL_RAM_BYTES: '5', LOCAL_FOCUS_PROBE_BASE_MS: '5' }), {});
  });
});
