// Reading `git blame --porcelain`: each line's commit and author e-mail, with the author given
// only on a commit's first appearance, lines of a renamed file (other `filename`), the
// uncommitted placeholder and line text that looks like a header.
import assert from 'node:assert/strict';
import { normalizeMail, NOT_COMMITTED_MAIL, parseBlamePorcelain } from '../../../src/core/git/blamePorcelain';

const OTHER = 'fb57f67ba2707393d7b66a884f8d6ddc29be3d12';
const MINE = 'd558a1bd2a8d7388af01704b47da14febe54ad24';
const ZERO = '0'.repeat(40);

/** A commit's fields as git prints them the first time it appears. */
const fields = (name: string, mail: string, file: string, extra: string[] = []) => [
  `author ${name}`, `author-mail <${mail}>`, 'author-time 1796534193', 'author-tz +0000',
  `committer ${name}`, `committer-mail <${mail}>`, 'committer-time 1796534193', 'committer-tz +0000',
  'summary a change', ...extra, `filename ${file}`,
];

// Taken from git 2.39 on a file renamed from `sub dir/a.ts` to `sub dir/b c.ts` with one edited line.
const OUTPUT = [
  `${OTHER} 1 1 2`, ...fields('O', 'Other@X.org', 'sub dir/a.ts', ['boundary']), '\t// TODO old one',
  `${OTHER} 2 2`, '\tx',
  `${MINE} 3 3 1`, ...fields('Me', 'me@x.org', 'sub dir/a.ts', [`previous ${OTHER} sub dir/a.ts`]), '\t// FIXME mine committed',
  `${ZERO} 4 4 1`, ...fields('Not Committed Yet', 'not.committed.yet', 'sub dir/b c.ts'), '\t// HACK uncommitted',
  // A line whose text is itself a header and a field: only the tab says it is text.
  `${OTHER} 5 5 1`, `filename sub dir/a.ts`, `\t${MINE} 1 1 1`,
  `${MINE} 9 6 1`, `filename sub dir/a.ts`, '\tauthor-mail <intruder@x.org>',
  '',
].join('\n');

describe('git blame --porcelain', function () {
  it('gives every line its commit and the author e-mail of that commit, even where git named it only once', function () {
    const lines = parseBlamePorcelain(OUTPUT);
    assert.deepEqual(
      lines.map((l) => [l.line, l.commit.slice(0, 7), l.authorMail]),
      [
        [1, OTHER.slice(0, 7), 'other@x.org'],
        [2, OTHER.slice(0, 7), 'other@x.org'],
        [3, MINE.slice(0, 7), 'me@x.org'],
        [4, ZERO.slice(0, 7), NOT_COMMITTED_MAIL],
        [5, OTHER.slice(0, 7), 'other@x.org'],
        [6, MINE.slice(0, 7), 'me@x.org'],
      ],
    );
  });

  it('numbers lines by the final file, not the line they had in the commit (moved lines)', function () {
    const moved = parseBlamePorcelain([`${MINE} 40 7 1`, ...fields('Me', 'me@x.org', 'a.ts'), '\tmoved'].join('\n'));
    assert.deepEqual(moved.map((l) => l.line), [7]);
  });

  it('reads 64-digit object names (SHA-256 repositories) and output without a final newline', function () {
    const sha256 = 'a'.repeat(64);
    const lines = parseBlamePorcelain([`${sha256} 1 3 1`, ...fields('Me', 'me@x.org', 'a.ts'), '\ttext'].join('\n'));
    assert.deepEqual(lines, [{ line: 3, commit: sha256, authorMail: 'me@x.org' }]);
  });

  it('gives no lines for empty output and ignores what is not a header', function () {
    assert.deepEqual(parseBlamePorcelain(''), []);
    assert.deepEqual(parseBlamePorcelain('fatal: no such path\n'), []);
  });

  it('compares e-mails without brackets, blanks or case', function () {
    assert.equal(normalizeMail(' <Ana@Example.ORG> '), 'ana@example.org');
    assert.equal(normalizeMail('ana@example.org'), 'ana@example.org');
  });
});
