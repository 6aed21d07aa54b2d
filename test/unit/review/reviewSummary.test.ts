import assert from 'node:assert/strict';
import type { Finding, Severity } from '../../../src/core/review/findings';
import { statusBarText, statusBarTooltip, summaryMessage } from '../../../src/extension/review/reviewSummary';

const f = (severity: Severity, line = 1): Finding => ({ line, severity, category: 'bug', message: 'm', source: 'heuristics' });

describe('review summary', function () {
  it('names the tier and counts each severity', function () {
    const text = summaryMessage({ subject: 'checkout.ts', tier: 'degraded', findings: [f('error'), f('warning'), f('warning'), f('info')], dropped: 0, ms: 5 });
    assert.equal(text, 'Review of checkout.ts · Degraded (heuristics): 1 error, 2 warnings, 1 info.');
  });

  it('says why no model reviewed, what was dropped, and when nothing was found', function () {
    const degraded = summaryMessage({ subject: 'a.ts', tier: 'degraded', findings: [], dropped: 0, ms: 1, fallbackReason: 'review model not found at /m.gguf' });
    assert.equal(degraded, 'Review of a.ts · Degraded (heuristics): no findings. No model review: review model not found at /m.gguf.');
    const local = summaryMessage({ subject: 'a.ts', tier: 'local', findings: [f('info')], dropped: 2, ms: 1, fallbackReason: 'cloud failed: HTTP 500' });
    assert.equal(local, 'Review of a.ts · Local (local model): 0 errors, 0 warnings, 1 info. 2 invalid model findings were dropped (see the log). Fallback: cloud failed: HTTP 500.');
  });

  it('says how many findings the baseline dismissed', function () {
    const one = summaryMessage({ subject: 'a.ts', tier: 'degraded', findings: [f('warning')], dropped: 0, ms: 1, dismissed: 1 });
    assert.equal(one, 'Review of a.ts · Degraded (heuristics): 0 errors, 1 warning, 0 info. 1 dismissed finding is not shown.');
    assert.match(summaryMessage({ subject: 'a.ts', tier: 'degraded', findings: [], dropped: 0, ms: 1, dismissed: 3 }), /no findings\. 3 dismissed findings are not shown\.$/);
  });

  it('a cancelled review says so', function () {
    assert.match(summaryMessage({ subject: 'a.ts', tier: 'local', findings: [], dropped: 0, ms: 1, cancelled: true }), /^Review cancelled of a\.ts .*no findings in the parts reviewed\./);
  });

  it('the status bar shows tier and counts, the tooltip the details', function () {
    const o = { subject: 'x.py', tier: 'local' as const, findings: [f('error'), f('error')], dropped: 1, ms: 42 };
    assert.equal(statusBarText(o), '$(checklist) Local review: $(error) 2 $(warning) 0 $(info) 0');
    const tip = statusBarTooltip(o, new Date());
    assert.match(tip, /Tier: Local \(local model\)/);
    assert.match(tip, /Findings: 2 errors, 0 warnings, 0 info/);
    assert.match(tip, /Dropped as invalid: 1/);
    assert.match(tip, /in 42 ms/);
  });
});
