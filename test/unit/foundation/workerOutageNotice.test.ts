// The host's decision of when to tell the user the worker went down: once per outage, however many
// crashes and failed requests it has; a worker up for `stableMs` ends it.
import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../src/core/errors';
import { WorkerOutageNotice, workerDownMessage } from '../../../src/core/workerOutageNotice';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('WorkerOutageNotice', function () {
  it('shows one message for a crash loop, and one again only after the worker stayed up', async function () {
    const shown: string[] = [];
    const notice = new WorkerOutageNotice({ show: (m) => shown.push(m), stableMs: 60 });
    notice.down('signal SIGKILL');
    notice.up();
    await sleep(20);
    notice.down('signal SIGSEGV'); // within stableMs: the same outage
    notice.down('exit code 3'); // down again before it was even up
    notice.up();
    await sleep(20);
    assert.deepEqual(shown, [workerDownMessage('signal SIGKILL')]);
    assert.equal(notice.inOutage, true);
    await sleep(80);
    assert.equal(notice.inOutage, false, 'up for stableMs ends the outage');
    notice.down('signal SIGKILL');
    assert.equal(shown.length, 2, 'a new outage, a new message');
    notice.dispose();
  });

  it('covers worker-exited failures during an outage, nothing else and not outside one', function () {
    const notice = new WorkerOutageNotice({ show: () => undefined });
    assert.equal(notice.covers(new LocalFocusError('worker-exited')), false, 'no outage shown yet: the failure needs its message');
    notice.down('signal SIGKILL');
    assert.equal(notice.covers(new LocalFocusError('worker-exited')), true);
    assert.equal(notice.covers(new LocalFocusError('model-corrupt')), false);
    notice.dispose();
  });

  it('says what happened and what happens next', function () {
    assert.equal(workerDownMessage('signal SIGKILL'), 'Local Focus: the inference process stopped with signal SIGKILL. It is restarting; features run in degraded mode meanwhile.');
  });
});
