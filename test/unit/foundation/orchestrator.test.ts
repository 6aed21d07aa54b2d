import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../src/core/errors';
import { LocalAvailability } from '../../../src/core/modePolicy';
import { Orchestrator } from '../../../src/inference/orchestrator';

function make(opts: { local?: LocalAvailability; probe?: () => Promise<void> } = {}) {
  const logs: string[] = [];
  let changes = 0;
  let now = Date.parse('2026-11-22T10:00:00Z');
  const o = new Orchestrator({
    localAvailability: () => opts.local ?? { available: true, loaded: false },
    probeCloud: opts.probe ?? (async () => undefined),
    log: (level, m) => logs.push(`${level} ${m}`),
    onChange: () => changes++,
    now: () => now,
    probeBaseMs: 60_000,
  });
  return { o, logs, changes: () => changes, advance: (ms: number) => (now += ms) };
}

const signal = () => new AbortController().signal;

describe('orchestrator', function () {
  it('falls to the next tier on failure, records why and when, and logs it', async function () {
    const { o, logs } = make();
    o.configure('cloudPreferred', true, true);
    const r = await o.run('taskParsing', {
      cloud: async () => {
        throw new LocalFocusError('offline', 'cannot reach api.example (ECONNREFUSED)');
      },
      local: async () => 'local answer',
      degraded: async () => 'rules answer',
    }, { signal: signal() });
    assert.deepEqual(r, { value: 'local answer', tier: 'local' });
    const status = o.status().find((s) => s.capability === 'taskParsing')!;
    assert.equal(status.tier, 'local', 'the cloud is now known unreachable');
    assert.equal(status.lastFallback?.from, 'cloud');
    assert.equal(status.lastFallback?.to, 'local');
    assert.match(status.lastFallback!.reason, /ECONNREFUSED/);
    assert.equal(status.lastFallback!.at, '2026-11-22T10:00:00.000Z');
    assert.ok(logs.some((l) => l.startsWith('warn taskParsing: cloud tier failed')));
    o.dispose();
  });

  it('goes all the way down to degraded, and rethrows when the last tier fails', async function () {
    const { o } = make();
    o.configure('auto', false, true);
    const r = await o.run('codeReview', {
      local: async () => {
        throw new LocalFocusError('model-corrupt', 'bad file');
      },
      degraded: async () => 42,
    }, { signal: signal() });
    assert.deepEqual(r, { value: 42, tier: 'degraded' });
    await assert.rejects(
      o.run('codeReview', { degraded: async () => { throw new Error('rules broke'); } }, { signal: signal() }),
      /rules broke/,
    );
    o.dispose();
  });

  it('does not fall back on cancellation', async function () {
    const { o } = make();
    o.configure('auto', false, true);
    let degradedRan = false;
    const c = new AbortController();
    await assert.rejects(
      o.run('taskParsing', {
        local: async () => {
          c.abort();
          throw new LocalFocusError('cancelled');
        },
        degraded: async () => {
          degradedRan = true;
          return 1;
        },
      }, { signal: c.signal }),
      (e: LocalFocusError) => e.code === 'cancelled',
    );
    assert.equal(degradedRan, false);
    o.dispose();
  });

  it('refuses a forced cloud tier in Local only and never calls it', async function () {
    const { o } = make();
    o.configure('localOnly', true, true);
    let called = false;
    await assert.rejects(
      o.run('taskParsing', { cloud: async () => { called = true; return 1; } }, { signal: signal(), forceTier: 'cloud' }),
      (e: LocalFocusError) => e.code === 'bad-input',
    );
    assert.equal(called, false);
    await o.probeIfDue();
    o.dispose();
  });

  it('never probes without a key or in Local only; probes once the backoff has passed and recovers', async function () {
    let probes = 0;
    let fail = true;
    const { o, advance } = make({
      probe: async () => {
        probes++;
        if (fail) throw new LocalFocusError('offline', 'down');
      },
    });
    o.configure('auto', false, true);
    await o.probeIfDue();
    o.configure('localOnly', true, true);
    await o.probeIfDue();
    assert.equal(probes, 0);

    o.configure('auto', true, true);
    await o.probeIfDue();
    assert.equal(probes, 1);
    assert.equal(o.cloudStatus().reachable, 'no');
    await o.probeIfDue();
    assert.equal(probes, 1, 'not again before the backoff');
    advance(60_001);
    fail = false;
    await o.probeIfDue();
    assert.equal(probes, 2);
    assert.equal(o.cloudStatus().reachable, 'yes');
    assert.equal(o.status().find((s) => s.capability === 'codeReview')!.tier, 'cloud');
    o.dispose();
  });
});
