// Snooze and Not Today: when a hidden suggestion comes back, and the file that keeps them across
// restarts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hiddenUntil, isHiddenAt, nextMidnight, stillHidden, withHidden, type HiddenSuggestion } from '../../../../src/core/tasks/next/hiddenSuggestions';
import { HiddenSuggestionsFile } from '../../../../src/core/tasks/next/hiddenSuggestionsFile';

const at = (iso: string) => new Date(iso);

describe('next tasks: hidden suggestions', () => {
  it('snoozes for two hours', () => {
    assert.equal(hiddenUntil('snooze', at('2026-03-10T08:30:00.000Z'), 'Europe/Berlin').toISOString(), '2026-03-10T10:30:00.000Z');
  });

  it('puts off until the next midnight on the user\'s wall clock', () => {
    // 09:30 in Berlin (UTC+1 in March) → midnight Berlin = 23:00 UTC.
    assert.equal(hiddenUntil('not-today', at('2026-03-10T08:30:00.000Z'), 'Europe/Berlin').toISOString(), '2026-03-10T23:00:00.000Z');
    // 23:30 UTC on the 9th is 08:30 on the 10th in Tokyo: its midnight is 15:00 UTC on the 10th.
    assert.equal(nextMidnight(at('2026-03-09T23:30:00.000Z'), 'Asia/Tokyo').toISOString(), '2026-03-10T15:00:00.000Z');
    // The night the clocks go forward in New York (8 March 2026), midnight after is UTC−4.
    assert.equal(nextMidnight(at('2026-03-08T12:00:00.000Z'), 'America/New_York').toISOString(), '2026-03-09T04:00:00.000Z');
  });

  it('hides until its time and lets it come back after', () => {
    const entries: HiddenSuggestion[] = [{ folder: 'f1', taskId: 'a', kind: 'snooze', until: '2026-03-10T10:30:00.000Z' }];
    assert.equal(isHiddenAt(entries, 'f1', 'a', at('2026-03-10T10:29:59.000Z')), true);
    assert.equal(isHiddenAt(entries, 'f1', 'a', at('2026-03-10T10:30:00.000Z')), false);
    assert.equal(isHiddenAt(entries, 'f2', 'a', at('2026-03-10T09:00:00.000Z')), false, 'another folder\'s task with the same id');
    assert.deepEqual(stillHidden(entries, at('2026-03-10T11:00:00.000Z')), []);
  });

  it('replaces an earlier hide of the same task and drops expired entries', () => {
    const now = at('2026-03-10T09:00:00.000Z');
    const old: HiddenSuggestion[] = [
      { folder: 'f1', taskId: 'a', kind: 'snooze', until: '2026-03-10T10:00:00.000Z' },
      { folder: 'f1', taskId: 'gone', kind: 'snooze', until: '2026-03-10T08:00:00.000Z' },
    ];
    const next = withHidden(old, { folder: 'f1', taskId: 'a', kind: 'not-today', until: '2026-03-10T23:00:00.000Z' }, now);
    assert.deepEqual(next, [{ folder: 'f1', taskId: 'a', kind: 'not-today', until: '2026-03-10T23:00:00.000Z' }]);
  });
});

describe('next tasks: the hidden suggestions file', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-hidden-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps a hide for a new reader (a restart) until it expires', async () => {
    const filePath = path.join(dir, 'home', 'next-hidden.json');
    const now = at('2026-03-10T09:00:00.000Z');
    await new HiddenSuggestionsFile(filePath).hide({ folder: 'f1', taskId: 'a', kind: 'snooze', until: hiddenUntil('snooze', now, 'UTC').toISOString() }, now);
    const restarted = new HiddenSuggestionsFile(filePath);
    assert.equal(isHiddenAt(await restarted.read(at('2026-03-10T10:59:00.000Z')), 'f1', 'a', at('2026-03-10T10:59:00.000Z')), true);
    assert.deepEqual(await restarted.read(at('2026-03-10T11:00:00.000Z')), []);
  });

  it('reads a missing or broken file as nothing hidden, and replaces a broken one at the next hide', async () => {
    const filePath = path.join(dir, 'next-hidden.json');
    const file = new HiddenSuggestionsFile(filePath);
    const now = at('2026-03-10T09:00:00.000Z');
    assert.deepEqual(await file.read(now), []);
    fs.writeFileSync(filePath, '{ not json');
    assert.deepEqual(await file.read(now), []);
    fs.writeFileSync(filePath, JSON.stringify({ hidden: [{ folder: 'f1', taskId: 'x', kind: 'forever', until: '2099-01-01T00:00:00Z' }] }));
    assert.deepEqual(await file.read(now), [], 'an entry of an unknown kind');
    await file.hide({ folder: 'f1', taskId: 'a', kind: 'not-today', until: '2026-03-11T00:00:00.000Z' }, now);
    assert.equal(JSON.parse(fs.readFileSync(filePath, 'utf8')).hidden.length, 1);
  });
});
