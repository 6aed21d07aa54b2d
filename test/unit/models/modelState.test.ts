// The state the model manager shows, from the files on disk, the running download and the last failure.
import assert from 'node:assert/strict';
import { modelStateOf, ModelJobSnapshot } from '../../../src/inference/features/models/modelState';
import type { ModelStatus } from '../../../src/inference/modelStore';

function store(state: ModelStatus['state'], bytes = 0, problem?: string): ModelStatus {
  return {
    id: 'm',
    state,
    bytesOnDisk: bytes,
    files: [{ name: 'm.gguf', path: '/m/m.gguf', state: state === 'not-downloaded' ? 'missing' : state === 'partial' ? 'partial' : state, bytes, expectedBytes: 100, ...(problem ? { problem } : {}) }],
  };
}

const job = (state: ModelJobSnapshot['state'], bytes = 40): ModelJobSnapshot => ({ state, bytes, totalBytes: 100, speed: 10, etaSeconds: 6 });

describe('model state', () => {
  it('shows a running download over the partial file on disk, with speed and ETA only while bytes flow', () => {
    assert.deepEqual(modelStateOf({ store: store('partial', 30), job: job('downloading'), loaded: false }), { state: 'downloading', bytes: 40, speed: 10, etaSeconds: 6 });
    assert.deepEqual(modelStateOf({ store: store('partial', 30), job: job('paused'), loaded: false }), { state: 'paused', bytes: 40 });
    assert.equal(modelStateOf({ store: store('not-downloaded'), job: job('queued', 0), loaded: false }).state, 'queued');
    assert.equal(modelStateOf({ store: store('unverified', 100), job: job('verifying', 100), loaded: false }).state, 'verifying');
  });

  it('calls a partial file without a download "paused" (interrupted by a restart or paused before it)', () => {
    assert.deepEqual(modelStateOf({ store: store('partial', 55), loaded: false }), { state: 'paused', bytes: 55 });
  });

  it('is ready or loaded only when the files are verified, whatever failed before', () => {
    assert.equal(modelStateOf({ store: store('ready', 100), loaded: false }).state, 'ready');
    assert.equal(modelStateOf({ store: store('ready', 100), loaded: true }).state, 'loaded');
    assert.equal(modelStateOf({ store: store('ready', 100), failure: 'old failure', loaded: false }).state, 'ready');
    assert.equal(modelStateOf({ store: store('unverified', 100), loaded: true }).state, 'unverified');
  });

  it('fails with the reason: the last failure, or what is wrong with the file on disk', () => {
    assert.deepEqual(modelStateOf({ store: store('not-downloaded'), failure: 'HTTP 404', loaded: false }), { state: 'failed', reason: 'HTTP 404', bytes: 0 });
    const corrupt = modelStateOf({ store: store('corrupt', 90, 'has 90 bytes instead of 100'), loaded: false });
    assert.equal(corrupt.state, 'failed');
    assert.equal(corrupt.reason, 'm.gguf has 90 bytes instead of 100');
  });

  it('is not downloaded when nothing is there', () => {
    assert.deepEqual(modelStateOf({ store: store('not-downloaded'), loaded: false }), { state: 'not-downloaded', bytes: 0 });
  });
});
