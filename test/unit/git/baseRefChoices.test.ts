// What "Review Branch Changes…" offers as the base: the default branch first, then branches,
// remote branches and tags in git's order; never the current branch or a symbolic origin/HEAD.
import assert from 'node:assert/strict';
import { baseRefChoices } from '../../../src/core/git/baseRefChoices';

const REFS = [
  'refs/heads/feat',
  'refs/tags/v2.0',
  'refs/remotes/origin/HEAD',
  'refs/remotes/origin/main',
  'refs/heads/release',
  'refs/remotes/origin/release',
  'refs/heads/main',
  'refs/tags/v1.0',
  'refs/stash',
];

const shown = (choices: ReturnType<typeof baseRefChoices>) => choices.map((c) => `${c.kind}:${c.ref}`);

describe('base ref choices for a branch review', function () {
  it('puts the default branch first and groups the rest by kind, keeping git\'s order within a group', function () {
    assert.deepEqual(shown(baseRefChoices(REFS, 'feat', 'origin/main')), [
      'default:origin/main',
      'branch:release',
      'branch:main',
      'remote:origin/release',
      'tag:v2.0',
      'tag:v1.0',
    ]);
  });

  it('leaves out the current branch, and lists a local default branch once', function () {
    const choices = shown(baseRefChoices(REFS, 'release', 'main'));
    assert.equal(choices[0], 'default:main');
    assert.ok(!choices.includes('branch:release'), 'the current branch is no base for itself');
    assert.ok(!choices.includes('branch:main'), 'the default branch is not listed twice');
    assert.ok(choices.includes('remote:origin/release'), 'its remote counterpart is another ref and stays');
  });

  it('offers no default when there is none, or when the user is on it', function () {
    assert.ok(!shown(baseRefChoices(REFS, 'feat', undefined)).some((c) => c.startsWith('default:')));
    const onMain = shown(baseRefChoices(REFS, 'main', 'main'));
    assert.ok(!onMain.some((c) => c.startsWith('default:') || c === 'branch:main'), onMain.join());
  });

  it('on a detached HEAD keeps every branch', function () {
    assert.deepEqual(shown(baseRefChoices(['refs/heads/feat', 'refs/heads/main'], undefined, 'main')), ['default:main', 'branch:feat']);
  });
});
