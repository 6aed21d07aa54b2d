// Grouping a section's tasks by tag: by first tag, tags alphabetical, untagged last, order kept.
import assert from 'node:assert/strict';
import type { Task } from '../../../../src/core/tasks/task';
import { groupByTag } from '../../../../src/core/tasks/summary/tagGroups';

function task(title: string, tags: string[]): Task {
  return { id: title, title, tags, status: 'open', tier: 'degraded', created: '' };
}

describe('summaries: grouping by tag', () => {
  it('puts each task under its first tag, tags in alphabetical order, untagged last', () => {
    const groups = groupByTag([task('a', []), task('b', ['ui', 'auth']), task('c', ['auth']), task('d', ['ops']), task('e', ['auth'])]);
    assert.deepEqual(
      groups.map((g) => [g.tag, g.tasks.map((t) => t.title)]),
      [
        ['auth', ['c', 'e']],
        ['ops', ['d']],
        ['ui', ['b']],
        [undefined, ['a']],
      ],
    );
  });

  it('has no untagged group when every task has a tag, and no group at all for no tasks', () => {
    assert.deepEqual(groupByTag([task('x', ['a'])]).map((g) => g.tag), ['a']);
    assert.deepEqual(groupByTag([]), []);
  });
});
