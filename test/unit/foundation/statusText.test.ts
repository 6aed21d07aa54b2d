// The one status item's words: the rules tier shown plainly with a link to set up local AI, the
// warning background only when something the user set up fails, a model server shown as Local with
// its name and model, and background work (indexing, reviews) in the same item.
import assert from 'node:assert/strict';
import type { CapabilityStatus, StatusReport, Tier } from '../../../src/core/protocol';
import { renderStatus, RECENT_FALLBACK_MS, type StatusInputs } from '../../../src/extension/statusText';

const now = new Date('2026-12-06T12:00:00Z');

function report(capabilities: Partial<CapabilityStatus>[], extra: Partial<StatusReport> = {}): StatusReport {
  const caps = (['taskParsing', 'notesSearch', 'codeReview'] as const).map((capability, i) => ({ capability, tier: 'degraded' as Tier, ...capabilities[i] }));
  const order: Tier[] = ['degraded', 'server', 'local', 'cloud'];
  const worst = caps.map((c) => c.tier).sort((a, b) => order.indexOf(a) - order.indexOf(b))[0]!;
  return {
    mode: 'auto',
    capabilities: caps,
    worst,
    cloud: { configured: false, reachable: 'unknown' },
    loadedModels: [],
    llm: { backend: 'unknown' },
    workerPid: 1,
    ...extra,
  };
}

function inputs(over: Partial<StatusInputs>): StatusInputs {
  return { mode: 'auto', setUp: { configuredModels: [] }, activities: [], setUpCommand: 'localFocus.setUpLocalAi', now, ...over };
}

describe('status item text', function () {
  it('a fresh install shows the rules plainly, without the warning background, and links to the setup', function () {
    const shown = renderStatus(inputs({ report: report([{ reason: 'no local model' }, {}, {}]) }));
    assert.equal(shown.text, '$(checklist) Rules');
    assert.equal(shown.warning, false);
    assert.match(shown.tooltip, /\[Set up local AI\]\(command:localFocus\.setUpLocalAi\)/);
    assert.match(shown.tooltip, /\| Task parsing \| \$\(checklist\) Rules \| no local model \|/);
    assert.equal(shown.accessibilityLabel, 'Local Focus: Rules, mode Auto');
  });

  it('before the first status and while the worker is down it shows the rules, still without warning', function () {
    assert.equal(renderStatus(inputs({})).text, '$(checklist) Rules');
    assert.match(renderStatus(inputs({})).tooltip, /Starting…/);
    const down = renderStatus(inputs({ report: report([{ tier: 'local' }, { tier: 'local' }, { tier: 'local' }]), down: { reason: 'stopped with signal SIGKILL', since: now } }));
    assert.equal(down.text, '$(checklist) Rules');
    assert.equal(down.warning, false);
    assert.match(down.tooltip, /Inference process down since .*SIGKILL/);
    assert.doesNotMatch(down.tooltip, /Set up local AI/, 'nothing to set up: the worker restarts');
  });

  it('a model server is Local, and the tooltip names the server and the model', function () {
    const server = { name: 'Ollama 0.5.7', url: 'http://127.0.0.1:11434', model: 'llama3.2:3b' };
    const shown = renderStatus(inputs({ mode: 'localOnly', report: report([{ tier: 'server', server }, { tier: 'local' }, { tier: 'server', server }]) }));
    assert.equal(shown.text, '$(server) Local (Local only)');
    assert.match(shown.tooltip, /\| Task parsing \| \$\(server\) Local server \| Ollama 0\.5\.7 · llama3\.2:3b \(http:\/\/127\.0\.0\.1:11434\) \|/);
    assert.equal(shown.warning, false);
  });

  it('warns when a tier the user set up failed and has not come back', function () {
    const fallback = { from: 'local' as Tier, to: 'degraded' as Tier, reason: 'model-corrupt: bad tensor', at: new Date(now.getTime() - 60_000).toISOString() };
    const failed = renderStatus(inputs({ report: report([{ tier: 'local', lastFallback: fallback }, {}, {}]) }));
    assert.equal(failed.warning, true);
    assert.match(failed.tooltip, /Needs attention[\s\S]*Task parsing: the Local tier failed: model-corrupt: bad tensor/);
    assert.doesNotMatch(failed.tooltip, /Set up local AI/);
    const old = { ...fallback, at: new Date(now.getTime() - RECENT_FALLBACK_MS - 1).toISOString() };
    assert.equal(renderStatus(inputs({ report: report([{ tier: 'local', lastFallback: old }, {}, {}]) })).warning, false, 'an old fallback on a tier in use again');
    assert.equal(renderStatus(inputs({ report: report([{ tier: 'degraded', lastFallback: old }, {}, {}]) })).warning, true, 'still on a worse tier');
  });

  it('warns for a cloud key whose endpoint does not answer, a named model not in use, a named server not found', function () {
    const cloudDown = report([{}, {}, {}], { cloud: { configured: true, reachable: 'no', lastError: 'HTTP 401' } });
    assert.match(renderStatus(inputs({ report: cloudDown })).tooltip, /The cloud endpoint does not answer: HTTP 401/);
    assert.equal(renderStatus(inputs({ report: { ...cloudDown, mode: 'localOnly' }, mode: 'localOnly' })).warning, false, 'Local only does not use the key');
    const named = renderStatus(inputs({ report: report([{}, {}, { reason: 'model file not found' }]), setUp: { configuredModels: ['codeReview'] } }));
    assert.equal(named.warning, true);
    assert.match(named.tooltip, /Code review: the model named in the settings is not used: model file not found/);
    const setUp = { configuredModels: [], serverUrl: 'http://gpu-box.lan:11434' };
    const serverFound = report([{}, {}, {}], { localServers: [{ kind: 'ollama', url: 'http://gpu-box.lan:11434', name: 'Ollama', models: [], local: true }] });
    assert.equal(renderStatus(inputs({ report: serverFound, setUp })).warning, false);
    const serverGone = renderStatus(inputs({ report: { ...serverFound, localServers: [] }, setUp }));
    assert.equal(serverGone.warning, true);
    assert.match(serverGone.tooltip, /The model server at http:\/\/gpu-box\.lan:11434 does not answer/);
    assert.equal(serverGone.accessibilityLabel, 'Local Focus: Rules, mode Auto, 1 problem');
  });

  it('background work adds its badge to the text and its paragraph to the tooltip', function () {
    const shown = renderStatus(inputs({
      report: report([{ tier: 'local' }, { tier: 'local' }, { tier: 'cloud' }]),
      activities: [{ badge: '$(sync~spin)', tooltip: 'Notes 3/10 [Pause](command:localFocus.notes.pauseIndexing)' }, { tooltip: 'last review' }],
    }));
    assert.equal(shown.text, '$(vm) Local $(sync~spin)');
    assert.match(shown.tooltip, /Notes 3\/10 \[Pause\]\(command:localFocus\.notes\.pauseIndexing\)\n\nlast review/);
  });

  it('lists the model servers found, saying which do not count as Local', function () {
    const shown = renderStatus(inputs({
      report: report([{}, {}, {}], { localServers: [{ kind: 'openai-compatible', url: 'http://10.0.0.5:1234', name: 'LM Studio', models: [{ name: 'qwen', role: 'chat' }], local: false }] }),
    }));
    assert.match(shown.tooltip, /LM Studio at http:\/\/10\.0\.0\.5:1234: 1 model \(not Local: its host is not in localFocus\.localServer\.allowHosts\)/);
  });
});
