// One progress for a model made of several files.
import assert from 'node:assert/strict';
import { combineFileProgress, FileProgress } from '../../../src/inference/features/models/downloadProgress';

const f = (state: FileProgress['state'], bytes: number, total: number | null, speed = 0): FileProgress => ({ state, bytes, total, speed });

describe('download progress of a model', () => {
  it('sums bytes and totals over the files, counts files that were already there, and estimates the time left', () => {
    const p = combineFileProgress([f('ready', 600, 600), f('downloading', 100, 400, 50), f('queued', 0, 200)], 1000);
    assert.equal(p.state, 'downloading');
    assert.equal(p.bytes, 1700);
    assert.equal(p.totalBytes, 2200);
    assert.equal(p.speed, 50);
    assert.equal(p.etaSeconds, 10); // 500 bytes left at 50 B/s
  });

  it('has no total or ETA while a file size is unknown', () => {
    const p = combineFileProgress([f('downloading', 100, null, 50), f('queued', 0, 200)]);
    assert.equal(p.totalBytes, null);
    assert.equal(p.etaSeconds, null);
  });

  it('takes the state that matters most: failed, cancelled, downloading, verifying, ready, paused, queued', () => {
    assert.equal(combineFileProgress([f('failed', 1, 2), f('downloading', 1, 2)], 0, 'bad hash').state, 'failed');
    assert.equal(combineFileProgress([f('failed', 1, 2)], 0, 'bad hash').reason, 'bad hash');
    assert.equal(combineFileProgress([f('cancelled', 0, 2), f('paused', 1, 2)]).state, 'cancelled');
    assert.equal(combineFileProgress([f('paused', 1, 2), f('downloading', 1, 2)]).state, 'downloading');
    assert.equal(combineFileProgress([f('verifying', 2, 2), f('queued', 0, 2)]).state, 'verifying');
    assert.equal(combineFileProgress([f('ready', 2, 2), f('ready', 2, 2)]).state, 'ready');
    assert.equal(combineFileProgress([f('paused', 1, 2), f('queued', 0, 2)]).state, 'paused');
    assert.equal(combineFileProgress([f('queued', 0, 2), f('queued', 0, 2)]).state, 'queued');
    // Between two files the next one waits a moment: the model is still downloading.
    assert.equal(combineFileProgress([f('ready', 2, 2), f('queued', 0, 2)]).state, 'downloading');
  });

  it('reports no speed unless bytes are flowing', () => {
    const p = combineFileProgress([f('paused', 1, 2, 99)]);
    assert.equal(p.speed, 0);
    assert.equal(p.etaSeconds, null);
  });
});
