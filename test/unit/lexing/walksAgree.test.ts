// The comment walk (TODO finder) and the code masker (review) read the same syntax table through
// the same delimiter rules, so a TODO the finder reports always lies inside a comment the masker
// found, in every syntax, on the repository's own files and on literals that hide comment markers.
import assert from 'node:assert/strict';
import { type CommentSyntax } from '../../../src/core/lexing/commentSyntax';
import { lexCode } from '../../../src/core/lexing/lexCode';
import { commentSyntaxFor } from '../../../src/core/lexing/syntaxLookup';
import { findTodos } from '../../../src/core/todos/findTodos';
import { repoSourceFiles } from '../../support/fuzz';
import { everySyntax } from '../../support/fuzz.targets';

function todosOutsideComments(text: string, syntax: CommentSyntax): number[] {
  const comments = lexCode(text, syntax).tokens.filter((t) => t.kind === 'comment');
  return findTodos(text, syntax)
    .map((m) => m.offset)
    .filter((offset) => !comments.some((c) => c.start <= offset && offset < c.end));
}

describe('the comment walk and the code masker agree', function () {
  this.timeout(60_000);

  it('on the repository files, read with their own syntax and with each other one in turn', () => {
    const files = repoSourceFiles().filter((f) => f.text.includes('TODO') || f.text.includes('FIXME'));
    assert.ok(files.length > 10, `files with tags (found ${files.length})`);
    const syntaxes = everySyntax();
    for (const [k, f] of files.entries()) {
      const own = commentSyntaxFor(f.name);
      const other = syntaxes[k % syntaxes.length]!;
      for (const syntax of own ? [own, other] : [other]) {
        assert.deepEqual(todosOutsideComments(f.text, syntax), [], `${f.name} read as ${syntax.id}`);
      }
    }
  });

  const HIDDEN: [string, string, string[]][] = [
    ['java', 'String s = """\n  // TODO: inside a text block\n  """; // TODO: real\n', ['real']],
    ['cpp', "int n = 1'000; // TODO: after a digit separator\n", ['after a digit separator']],
    ['cpp', 'auto s = R"x(\n// TODO: inside a raw string\n)x"; // TODO: real\n', ['real']],
    ['rust', 'let s = r#"a "quoted" // TODO: inside"#; // TODO: real\n', ['real']],
    ['csharp', 'var s = @"line1\n""q"" // TODO: inside\nline3"; // TODO: real\n', ['real']],
    ['csharp', 'var s = """\n // TODO: inside\n """; // TODO: real\n', ['real']],
  ];
  for (const [language, text, expected] of HIDDEN) {
    it(`${language}: ${JSON.stringify(text.slice(0, 24))}… hides its inner TODO from both`, () => {
      const syntax = commentSyntaxFor(language)!;
      assert.deepEqual(
        findTodos(text, syntax).map((m) => m.text),
        expected,
      );
      assert.deepEqual(todosOutsideComments(text, syntax), []);
    });
  }
});
