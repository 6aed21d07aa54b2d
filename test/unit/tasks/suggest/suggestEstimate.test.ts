// The estimate for a task being captured: the weighted median of what finished tasks took, each
// weighted by the title words, first word and written tags it shares with the new task.
import assert from 'node:assert/strict';
import { FILE_PRIOR_WEIGHT, suggestEstimate, unroundedEstimate, type FinishedTask } from '../../../../src/core/tasks/suggest/suggestEstimate';
import { FIRST_WORD_WEIGHT, sharedWeight, taskTerms } from '../../../../src/core/tasks/suggest/taskLikeness';

const finished = (title: string, minutes: number, tags: string[] = []): FinishedTask => ({ terms: taskTerms(title, tags), minutes });

describe('task suggestions: estimate from like finished tasks', () => {
  it('counts shared stems once, the first word extra, and written tags', () => {
    const bump = taskTerms('bump the node version', ['ci']);
    assert.equal(sharedWeight(bump, taskTerms('bump typescript')), 1 + FIRST_WORD_WEIGHT, 'bump, and bump first');
    assert.equal(sharedWeight(bump, taskTerms('the Node versions are old')), 2, 'node and version (stemmed), not first in both');
    assert.equal(sharedWeight(bump, taskTerms('fix the pipeline', ['ci'])), 1, 'the tag');
    assert.equal(sharedWeight(taskTerms('bump the node version'), taskTerms('fix the pipeline', ['ci'])), 0, 'a tag not written with the new task does not count');
  });

  it('takes what the tasks of the same kind took over tasks on the same topic', () => {
    const history = [
      finished('bump typescript', 20),
      finished('bump eslint', 20),
      finished('bump the react version', 25),
      finished('migrate the auth service to node 20', 480),
      finished('node crashes on start', 240),
      finished('auth tokens expire too early', 180),
    ];
    const e = suggestEstimate(taskTerms('bump node in the auth service'), history);
    // The migration shares as much (node, auth, service) as each bump (bump, first): the three
    // bumps outweigh it and the two tasks that share one topic word.
    assert.deepEqual(e, { minutes: 25, basis: 'similar', tasks: 6 });
  });

  it('is a median: one task that ran for days does not drag it', () => {
    const history = [finished('fix the typo in the footer', 10), finished('fix the typo in the header', 15), finished('fix the typo in the menu', 15), finished('fix the typo in the docs', 2400)];
    assert.equal(suggestEstimate(taskTerms('fix the typo in the sidebar'), history)?.minutes, 15);
  });

  it('leans on the written tags when the words say nothing', () => {
    const history = [finished('fix the typo in the readme', 20, ['docs']), finished('architecture overview', 30, ['docs']), finished('upgrade guide', 45, ['docs']), finished('partition the events table', 480, ['db']), finished('soft delete for projects', 240, ['db']), finished('index on customer id', 120, ['db'])];
    assert.equal(suggestEstimate(taskTerms('something new', ['docs']), history)?.minutes, 30);
    assert.equal(suggestEstimate(taskTerms('something new', ['db']), history)?.minutes, 240);
  });

  it('gives the file median when nothing is alike, pulled toward it when little is, and none without finished tasks', () => {
    const history = [finished('a', 30), finished('b', 60), finished('c', 90), finished('d', 120), finished('e', 150)];
    assert.deepEqual(suggestEstimate(taskTerms('unrelated'), history), { minutes: 90, basis: 'all', tasks: 5 });
    // One like task (weight 1) against four others at FILE_PRIOR_WEIGHT each: the like task wins
    // while the others weigh less than it.
    assert.ok(4 * FILE_PRIOR_WEIGHT < 1);
    assert.equal(suggestEstimate(taskTerms('e again'), history)?.minutes, 150);
    assert.equal(suggestEstimate(taskTerms('anything'), []), undefined);
  });

  it('keeps the unrounded median for figures that are not minutes (story points)', () => {
    const history = [finished('login page layout', 3), finished('login form validation', 5), finished('export report', 13)];
    assert.deepEqual(unroundedEstimate(taskTerms('login page layout fix'), history), { minutes: 3, basis: 'similar', tasks: 2 });
    // Rounded to a written step, 3 becomes the smallest one, 5 minutes.
    assert.equal(suggestEstimate(taskTerms('login page layout fix'), history)?.minutes, 5);
  });
});
