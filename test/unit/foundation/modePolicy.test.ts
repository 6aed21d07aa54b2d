import assert from 'node:assert/strict';
import { chooseTier, PolicyInputs, probeDelayMs } from '../../../src/core/modePolicy';
import { worstTier } from '../../../src/core/protocol';

function inputs(over: Partial<PolicyInputs> & { localAll?: boolean; loaded?: boolean } = {}): PolicyInputs {
  const available = over.localAll ?? true;
  const loaded = over.loaded ?? false;
  const local = { available, loaded, ...(available ? {} : { reason: 'model not found' }) };
  return {
    mode: over.mode ?? 'auto',
    cloud: over.cloud ?? { configured: true, reachable: 'unknown' },
    local: over.local ?? { taskParsing: local, notesSearch: local, codeReview: local },
  };
}

describe('mode policy', function () {
  it('Local only never chooses the cloud, even with a key and a reachable endpoint', function () {
    const i = inputs({ mode: 'localOnly', cloud: { configured: true, reachable: 'yes' } });
    for (const c of ['taskParsing', 'notesSearch', 'codeReview'] as const) {
      assert.ok(!chooseTier(c, i).order.includes('cloud'), c);
    }
    assert.equal(chooseTier('codeReview', i).tier, 'local');
  });

  it('Local only without local models is degraded and says why', function () {
    const c = chooseTier('codeReview', inputs({ mode: 'localOnly', localAll: false }));
    assert.equal(c.tier, 'degraded');
    assert.deepEqual(c.order, ['degraded']);
    assert.match(c.reason!, /model not found/);
  });

  it('auto uses the cloud when a key is set and it is not known to be unreachable', function () {
    assert.equal(chooseTier('codeReview', inputs()).tier, 'cloud');
    assert.deepEqual(chooseTier('codeReview', inputs()).order, ['cloud', 'local', 'degraded']);
  });

  it('auto prefers a loaded local model for simple tasks, but not for review', function () {
    const i = inputs({ loaded: true, cloud: { configured: true, reachable: 'yes' } });
    assert.equal(chooseTier('taskParsing', i).tier, 'local');
    assert.deepEqual(chooseTier('taskParsing', i).order, ['local', 'cloud', 'degraded']);
    assert.equal(chooseTier('codeReview', i).tier, 'cloud');
  });

  it('offline (cloud unreachable) goes local and records the cloud error as the reason', function () {
    const c = chooseTier('taskParsing', inputs({ cloud: { configured: true, reachable: 'no', reason: 'ECONNREFUSED' } }));
    assert.equal(c.tier, 'local');
    assert.match(c.reason!, /cloud unreachable: ECONNREFUSED/);
  });

  it('no key: local, with "no cloud API key" only when a better tier was skipped', function () {
    const c = chooseTier('codeReview', inputs({ cloud: { configured: false, reachable: 'unknown' } }));
    assert.equal(c.tier, 'local');
    assert.match(c.reason!, /no cloud API key/);
    const l = chooseTier('codeReview', inputs({ mode: 'localOnly' }));
    assert.equal(l.reason, undefined, 'local is the first choice in Local only: nothing to explain');
  });

  it('notes search never goes to the cloud (its cloud column is the same local index)', function () {
    const c = chooseTier('notesSearch', inputs({ mode: 'cloudPreferred', cloud: { configured: true, reachable: 'yes' } }));
    assert.equal(c.tier, 'local');
    assert.ok(!c.order.includes('cloud'));
  });

  it('cloud preferred falls to local then degraded', function () {
    const i = inputs({ mode: 'cloudPreferred', cloud: { configured: true, reachable: 'no' }, localAll: false });
    const c = chooseTier('taskParsing', i);
    assert.equal(c.tier, 'degraded');
    assert.match(c.reason!, /cloud unreachable/);
    assert.match(c.reason!, /model not found/);
  });

  it('the worst tier is degraded over local over cloud', function () {
    assert.equal(worstTier(['cloud', 'local']), 'local');
    assert.equal(worstTier(['cloud', 'degraded', 'local']), 'degraded');
    assert.equal(worstTier(['cloud']), 'cloud');
  });

  it('probe backoff doubles and is capped', function () {
    assert.deepEqual([1, 2, 3, 4].map((n) => probeDelayMs(n)), [5000, 10000, 20000, 40000]);
    assert.equal(probeDelayMs(30), 300000);
    assert.equal(probeDelayMs(2, 100), 200);
  });
});
