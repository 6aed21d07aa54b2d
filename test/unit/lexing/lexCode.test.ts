import assert from 'node:assert/strict';
import { type CommentSyntax } from '../../../src/core/lexing/commentSyntax';
import { lexCode } from '../../../src/core/lexing/lexCode';
import { commentSyntaxFor } from '../../../src/core/lexing/syntaxLookup';

function syntaxOf(languageId: string): CommentSyntax {
  const syntax = commentSyntaxFor(languageId);
  assert.ok(syntax, `a syntax for ${languageId}`);
  return syntax;
}

/** The masked text must keep length and line breaks so offsets and lines stay valid. */
function maskedOf(text: string, languageId: string): string {
  const { masked } = lexCode(text, syntaxOf(languageId));
  assert.equal(masked.length, text.length);
  assert.deepEqual(
    [...masked].map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0),
    [...text].map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0),
  );
  return masked;
}

/** What the masker should turn a string body or comment into. */
const blank = (s: string): string => s.replace(/[^\n]/g, ' ');

describe('code masker (lexCode)', () => {
  it('blanks JavaScript strings, comments and regex bodies but keeps quotes and code', () => {
    const text = 'const a = "x{y" + \'debugger\'; // if (a = b)\n/* NaN == x */ const r = /[/"]+/g.test(s);';
    const masked = maskedOf(text, 'javascript');
    assert.equal(
      masked,
      'const a = "' + blank('x{y') + '" + \'' + blank('debugger') + "'; " + blank('// if (a = b)') + '\n' +
        blank('/* NaN == x */') + ' const r = /' + blank('[/"]+') + '/g.test(s);',
    );
  });

  it('keeps template interpolations as code and blanks the template text', () => {
    const masked = maskedOf('x = `a {b} ${ f({k: 1}) } c`;', 'javascript');
    assert.equal(masked, 'x = `         f({k: 1})    `;');
  });

  it('tells division from a regex literal', () => {
    const masked = maskedOf('const q = a / b / c; const r = (x) / 2;', 'javascript');
    assert.equal(masked, 'const q = a / b / c; const r = (x) / 2;');
  });

  it('records whole template literals for code that spans lines inside ${}', () => {
    const text = 'f(`a ${\n  g()\n} b`)';
    const { templates } = lexCode(text, syntaxOf('javascript'));
    assert.deepEqual(templates, [{ start: 2, end: text.length - 1 }]);
  });

  it('handles Python triple quotes, prefixes and # comments', () => {
    const text = 'x = r"""a\n# not a comment\n"""  # real {\ny = f\'{z}\'';
    const masked = maskedOf(text, 'python');
    assert.equal(masked, 'x = r"""' + blank('a\n# not a comment\n') + '"""  ' + blank('# real {') + "\ny = f'" + blank('{z}') + "'");
  });

  it('does not take Rust lifetimes for character literals', () => {
    const text = "fn f<'a>(x: &'a str) -> char { let c = '{'; '\\n' }";
    const masked = maskedOf(text, 'rust');
    assert.equal(masked, "fn f<'a>(x: &'a str) -> char { let c = ' '; '  ' }");
  });

  it('reads Rust raw strings and nested block comments', () => {
    const masked = maskedOf('let s = r#"a "quoted" }"#; /* a /* b */ c */ x', 'rust');
    assert.equal(masked, 'let s = r#"' + blank('a "quoted" }') + '"#; ' + blank('/* a /* b */ c */') + ' x');
  });

  it('reads C++ raw strings and digit separators', () => {
    const masked = maskedOf('auto s = R"d(a)" b { )d"; int n = 1\'000; char c = \'}\';', 'cpp');
    assert.equal(masked, 'auto s = R"' + blank('d(a)" b { )d') + '"; int n = 1\'000; char c = \' \';');
  });

  it('reads Go raw strings without escapes', () => {
    const masked = maskedOf('s := `a\\` + "b"', 'go');
    assert.equal(masked, 's := `  ` + " "');
  });

  it('reads shell and Markdown by their own rules: `${#` is code, a URL is no comment', () => {
    assert.equal(maskedOf('n=${#list[@]} # count', 'shellscript'), 'n=${#list[@]} ' + blank('# count'));
    assert.equal(maskedOf('[a](https://x.org) <!-- note -->', 'markdown'), '[a](https://x.org) ' + blank('<!-- note -->'));
  });

  it('masks here-document bodies but keeps the opener line and the terminator', () => {
    assert.equal(maskedOf('cat <<EOF\n{ not code }\nEOF\necho }', 'shellscript'), 'cat <<EOF\n' + blank('{ not code }') + '\nEOF\necho }');
  });

  it('stops an unterminated single-line string at the line end', () => {
    const masked = maskedOf('a = "open\nb = 1;', 'javascript');
    assert.equal(masked.split('\n')[1], 'b = 1;');
  });
});
