// The speed records on disk: runs merge into their model's record (newest figure wins, a figure a
// run did not measure keeps its earlier value), the file is written atomically, concurrent runs
// lose nothing, and a damaged file is logged and ignored, never thrown.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mergeSpeed, parseSpeedRecords, type SpeedMeasurement } from '../../../src/core/models/modelSpeed';
import { SpeedRecords } from '../../../src/inference/speedRecordFile';

const RUN: SpeedMeasurement = { name: 'tiny', kind: 'in-process', backend: 'CPU', loadMs: 120, peakRssBytes: 5_000_000 };

describe('speed records', function () {
  let home: string;
  let logs: string[];
  let records: SpeedRecords;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-speed-'));
    logs = [];
    records = new SpeedRecords((level, message) => logs.push(`${level}: ${message}`), () => home);
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  describe('mergeSpeed', function () {
    it('takes the newest value of each figure the run measured and keeps the others', function () {
      const first = mergeSpeed(undefined, RUN, new Date('2026-01-01T00:00:00Z'));
      const second = mergeSpeed(first, { name: 'tiny', kind: 'in-process', ttftMs: 40, genTokensPerSecond: 55.5, peakRssBytes: 6_000_000 }, new Date('2026-01-02T00:00:00Z'));
      assert.equal(second.loadMs, 120);
      assert.equal(second.ttftMs, 40);
      assert.equal(second.genTokensPerSecond, 55.5);
      assert.equal(second.peakRssBytes, 6_000_000);
      assert.equal(second.backend, 'CPU');
      assert.equal(second.runs, 2);
      assert.equal(second.measuredAt, '2026-01-02T00:00:00.000Z');
    });

    it('drops figures that are not finite or are negative', function () {
      const merged = mergeSpeed(undefined, { ...RUN, ttftMs: Number.NaN, genTokensPerSecond: -1, promptTokensPerSecond: Infinity }, new Date());
      assert.equal('ttftMs' in merged, false);
      assert.equal('genTokensPerSecond' in merged, false);
      assert.equal('promptTokensPerSecond' in merged, false);
    });
  });

  describe('parseSpeedRecords', function () {
    it('throws on text that is not JSON or not the layout, and drops a single bad entry', function () {
      assert.throws(() => parseSpeedRecords('{"version": 1, "mod'), /not JSON/);
      assert.throws(() => parseSpeedRecords('{"version": 2, "models": {}}'), /version/);
      assert.throws(() => parseSpeedRecords('{"version": 1, "models": []}'), /models/);
      const file = parseSpeedRecords(JSON.stringify({ version: 1, models: { a: { name: 'a', kind: 'server', measuredAt: 'x', runs: 1, ttftMs: 3 }, b: { name: 7 } } }));
      assert.deepEqual(Object.keys(file.models), ['a']);
      assert.equal(file.models.a!.ttftMs, 3);
    });
  });

  it('writes the file under the home and merges later runs into it', async function () {
    await records.record('/m/tiny.gguf', RUN);
    await records.record('/m/tiny.gguf', { name: 'tiny', kind: 'in-process', ttftMs: 12 });
    await records.record('http://127.0.0.1:11434#llama3', { name: 'llama3', kind: 'server', backend: 'Ollama', genTokensPerSecond: 30 });
    const onDisk = JSON.parse(fs.readFileSync(path.join(home, 'model-speed.json'), 'utf8'));
    assert.equal(onDisk.version, 1);
    assert.equal(onDisk.models['/m/tiny.gguf'].loadMs, 120);
    assert.equal(onDisk.models['/m/tiny.gguf'].ttftMs, 12);
    assert.equal(onDisk.models['/m/tiny.gguf'].runs, 2);
    assert.equal(onDisk.models['http://127.0.0.1:11434#llama3'].genTokensPerSecond, 30);
    assert.deepEqual(logs, []);
  });

  it('loses no run when many are recorded at once', async function () {
    await Promise.all(Array.from({ length: 20 }, (_, i) => records.record(`/m/${i % 4}.gguf`, { ...RUN, loadMs: i })));
    const file = await records.read();
    assert.equal(Object.keys(file.models).length, 4);
    assert.equal(Object.values(file.models).reduce((n, r) => n + r.runs, 0), 20);
  });

  it('writes atomically: no temp file is left, and one a killed writer left is removed', async function () {
    // A dead writer's temp file: a pid that cannot run.
    const orphan = path.join(home, '.model-speed.json.999999999.0123abcd.tmp');
    fs.writeFileSync(orphan, '{"half');
    await records.record('/m/tiny.gguf', RUN);
    assert.deepEqual(fs.readdirSync(home), ['model-speed.json']);
  });

  it('ignores a damaged file with a log line and replaces it on the next run', async function () {
    fs.writeFileSync(path.join(home, 'model-speed.json'), '{"version": 1, "models": {"/m/a.gguf": {"na');
    assert.deepEqual((await records.read()).models, {});
    assert.match(logs.join('\n'), /warn: speed records: .*model-speed\.json is damaged \(not JSON/);
    const record = await records.record('/m/tiny.gguf', RUN);
    assert.equal(record.runs, 1);
    assert.equal((await records.get('/m/tiny.gguf'))?.loadMs, 120);
  });

  it('logs a write that fails and still answers with the merged record', async function () {
    const blocked = path.join(home, 'file-not-folder');
    fs.writeFileSync(blocked, '');
    const onFile = new SpeedRecords((level, message) => logs.push(`${level}: ${message}`), () => blocked);
    const record = await onFile.record('/m/tiny.gguf', RUN);
    assert.equal(record.loadMs, 120);
    assert.match(logs.join('\n'), /could not write/);
  });
});
