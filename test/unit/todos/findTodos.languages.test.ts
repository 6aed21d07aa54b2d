import assert from 'node:assert/strict';
import { commentSyntaxFor, commentSyntaxIds } from '../../../src/core/lexing/syntaxLookup';
import { findTodos } from '../../../src/core/todos/findTodos';

interface LanguageCase {
  language: string;
  /** Source with TODOs in comments; `expected` lists their texts in order. */
  positive: string;
  expected: string[];
  /** Source whose only TODOs are inside strings or are not comments at all. */
  negative: string;
}

const CASES: LanguageCase[] = [
  {
    language: 'typescript',
    positive: 'const a = 1; // TODO: fix login\n/* FIXME: block one */\nlet b = 2;\n',
    expected: ['fix login', 'block one'],
    negative: 'const s = "// TODO: not a comment";\nconst t = \'/* FIXME: nope */\';\nconst u = `\n// HACK: template\n`;\n',
  },
  {
    language: 'javascript',
    positive: 'function f() {\n  return 1; // XXX: magic number\n}\n',
    expected: ['magic number'],
    negative: 'const msg = "it\'s a TODO: thing"; const esc = "quote \\" // TODO: still string";\n',
  },
  {
    language: 'c',
    positive: '#include <stdio.h>\nint main() { /* TODO: free buffer */ return 0; }\n// BUG: leaks\n',
    expected: ['free buffer', 'leaks'],
    negative: 'char *s = "/* TODO: in string */"; char c = \'/\'; // ok\n',
  },
  {
    language: 'cpp',
    positive: 'auto x = 1; // TODO(ana): use constexpr\n',
    expected: ['use constexpr'],
    negative: 'std::string s = "TODO: not here // TODO: nor here";\n',
  },
  {
    language: 'java',
    positive: 'class A {\n  /**\n   * TODO: document this class\n   */\n}\n',
    expected: ['document this class'],
    negative: 'String s = "FIXME: string"; char q = \'"\'; String t = "// TODO: no";\n',
  },
  {
    language: 'csharp',
    positive: 'var p = @"C:\\temp\\"; // TODO: verbatim string before me\n',
    expected: ['verbatim string before me'],
    negative: 'var s = @"multi\n// TODO: inside verbatim\nline";\n',
  },
  {
    language: 'go',
    positive: 'package main\n// TODO: handle error\nfunc main() {}\n',
    expected: ['handle error'],
    negative: 'var raw = `\n// TODO: in raw string\n`\nvar r = \'"\'\n',
  },
  {
    language: 'rust',
    positive: "fn f<'a>(x: &'a str) -> &'a str { x } // TODO: lifetimes\n/* outer /* nested */ FIXME: still comment */\n",
    expected: ['lifetimes', 'still comment'],
    negative: 'let s = "// TODO: string"; let c = \'"\'; let d = \'\\\'\';\n',
  },
  {
    language: 'swift',
    positive: 'let x = 1 // TODO: rename\n',
    expected: ['rename'],
    negative: 'let s = """\n// TODO: multi-line string\n"""\n',
  },
  {
    language: 'kotlin',
    positive: 'val a = 1 // FIXME: overflow\n',
    expected: ['overflow'],
    negative: 'val s = """\n  // TODO: raw\n"""\n',
  },
  {
    language: 'php',
    positive: '<?php\n# TODO: hash comment\n// FIXME: slash comment\n',
    expected: ['hash comment', 'slash comment'],
    negative: '<?php\n$s = "# TODO: no"; $t = \'// FIXME: no\';\n$h = <<<EOT\n// TODO: heredoc\nEOT;\n',
  },
  {
    language: 'python',
    positive: 'x = 1  # TODO: vectorise\n',
    expected: ['vectorise'],
    negative: 'doc = """\n# TODO: in docstring\n"""\ns = \'# FIXME: no\'\nt = "it\\"s # TODO"\n',
  },
  {
    language: 'ruby',
    positive: 'x = 1 # TODO: memoize\n=begin\nFIXME: block doc\n=end\n',
    expected: ['memoize', 'block doc'],
    negative: 's = "# TODO: no"\n',
  },
  {
    language: 'shellscript',
    positive: 'echo hi # TODO: quote vars\n',
    expected: ['quote vars'],
    negative: 'echo "# TODO: no"\necho a#TODO\ncat <<EOF\n# TODO: heredoc body\nEOF\n',
  },
  {
    language: 'powershell',
    positive: '<#\n  TODO: help block\n#>\nWrite-Host 1 # FIXME: noisy\n',
    expected: ['help block', 'noisy'],
    negative: 'Write-Host "# TODO: no `" # TODO: still string"\n',
  },
  {
    language: 'yaml',
    positive: 'key: value # TODO: tune\n# FIXME: whole line\n',
    expected: ['tune', 'whole line'],
    negative: "url: 'http://x#TODO'\nname: don't # is fine\nq: \"# TODO: quoted\"\n",
  },
  {
    language: 'toml',
    positive: '[tool]\nx = 1 # TODO: bump\n',
    expected: ['bump'],
    negative: 'x = """\n# TODO: multi\n"""\n',
  },
  {
    language: 'dockerfile',
    positive: 'FROM node:20\n# TODO: pin digest\n',
    expected: ['pin digest'],
    negative: 'RUN echo "# TODO: no"\n',
  },
  {
    language: 'makefile',
    positive: 'all:\n\techo ok # TODO: parallel\n',
    expected: ['parallel'],
    negative: 'X = a\\#TODO\n',
  },
  {
    language: 'html',
    positive: '<div>\n<!-- TODO: aria label -->\n</div>\n',
    expected: ['aria label'],
    negative: '<p>TODO: this is visible text, not a comment</p>\n',
  },
  {
    language: 'xml',
    positive: '<root>\n  <!--\n    FIXME: schema\n  -->\n</root>\n',
    expected: ['schema'],
    negative: '<note>TODO: text node</note>\n',
  },
  {
    language: 'markdown',
    positive: '# Title\n\n<!-- TODO: write intro -->\n',
    expected: ['write intro'],
    negative: '# TODO list\n\nTODO: prose is not a comment\n',
  },
  {
    language: 'sql',
    positive: 'SELECT 1; -- TODO: index this\n/* FIXME: n+1 */\n',
    expected: ['index this', 'n+1'],
    negative: "SELECT '-- TODO: no', 'it''s /* FIXME: no */';\n",
  },
  {
    language: 'lua',
    positive: 'local x = 1 -- TODO: cache\n--[[\nFIXME: long comment\n]]\n',
    expected: ['cache', 'long comment'],
    negative: 'local s = "-- TODO: no"\nlocal t = [[\n-- FIXME: long string\n]]\n',
  },
  {
    language: 'haskell',
    positive: "foldl' f z xs -- TODO: strictness\n{- FIXME: {- nested -} block -}\n",
    expected: ['strictness', '{- nested -} block'],
    negative: 'main = putStrLn "-- TODO: no"\n',
  },
  {
    language: 'clojure',
    positive: '(defn f [] 1) ; TODO: spec\n',
    expected: ['spec'],
    negative: '(def s "; TODO: no")\n(def c \\;)\n',
  },
  {
    language: 'lisp',
    positive: '#| TODO: block |#\n(car x) ;; FIXME: nil\n',
    expected: ['block', 'nil'],
    negative: '(format t "; TODO: no")\n',
  },
  {
    language: 'asm',
    positive: 'mov eax, 1 ; TODO: use xor\n',
    expected: ['use xor'],
    negative: 'msg db "; TODO: no", 0\n',
  },
  {
    language: 'latex',
    positive: 'Text 50\\% done. % TODO: cite\n',
    expected: ['cite'],
    negative: '50\\% TODO: escaped percent is not a comment\n',
  },
  {
    language: 'erlang',
    positive: 'f() -> ok. % TODO: spec\n',
    expected: ['spec'],
    negative: 'f() -> "% TODO: no", $%.\n',
  },
  {
    language: 'vb',
    positive: "Dim x = 1 ' TODO: option strict\nREM FIXME: old style\n",
    expected: ['option strict', 'old style'],
    negative: 'Dim s = "\' TODO: no"\nDim REMARK = 1\n',
  },
  {
    language: 'bat',
    positive: '@echo off\nREM TODO: check args\n:: FIXME: quoting\n',
    expected: ['check args', 'quoting'],
    negative: 'echo REM TODO: echoed\necho :: TODO: echoed\n',
  },
  {
    language: 'css',
    positive: '.a { color: red; /* TODO: theme var */ }\n',
    expected: ['theme var'],
    negative: '.a::after { content: "/* TODO: no */"; }\n',
  },
  {
    language: 'scss',
    positive: '.a { // TODO: nest\n}\n',
    expected: ['nest'],
    negative: '.a { content: "// TODO: no"; }\n',
  },
  {
    language: 'r',
    positive: 'x <- 1 # TODO: vectorise\n',
    expected: ['vectorise'],
    negative: 's <- "# TODO: no"\n',
  },
  {
    language: 'vue',
    positive: '<template>\n<!-- TODO: slot -->\n</template>\n<script>\n// FIXME: props\n</script>\n',
    expected: ['slot', 'props'],
    negative: '<script>\nconst s = "// TODO: no";\n</script>\n',
  },
];

describe('findTodos: comment syntaxes per language', () => {
  it('covers at least 20 languages with a syntax in the table', () => {
    assert.ok(CASES.length >= 20, `only ${CASES.length} cases`);
    for (const c of CASES) assert.ok(commentSyntaxFor(c.language), `no syntax for ${c.language}`);
    assert.ok(commentSyntaxIds().length >= 20);
  });

  for (const c of CASES) {
    it(`${c.language}: finds TODOs in comments`, () => {
      const found = findTodos(c.positive, c.language);
      assert.deepEqual(
        found.map((m) => m.text),
        c.expected,
      );
    });
    it(`${c.language}: ignores TODOs in strings and plain text`, () => {
      assert.deepEqual(findTodos(c.negative, c.language), []);
    });
  }

  it('resolves extensions, file names and paths as well as language ids', () => {
    assert.equal(commentSyntaxFor('ts'), commentSyntaxFor('typescript'));
    assert.equal(commentSyntaxFor('.py'), commentSyntaxFor('python'));
    assert.equal(commentSyntaxFor('src/app/Makefile')?.id, 'makefile');
    assert.equal(commentSyntaxFor('Dockerfile')?.id, 'dockerfile');
    assert.equal(commentSyntaxFor('x.constructor'), undefined);
    assert.equal(commentSyntaxFor('notes.unknownext'), undefined);
    assert.deepEqual(findTodos('// TODO: x', 'unknownext'), []);
  });
});
