import assert from 'node:assert/strict';
import { lexCode, LineIndex } from '../../../src/core/review/lexer';

/** The masked text must keep length and line breaks so offsets and lines stay valid. */
function maskedOf(text: string, family: Parameters<typeof lexCode>[1]): string {
  const { masked } = lexCode(text, family);
  assert.equal(masked.length, text.length);
  assert.deepEqual(
    [...masked].map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0),
    [...text].map((c, i) => (c === '\n' ? i : -1)).filter((i) => i >= 0),
  );
  return masked;
}

/** What the lexer should turn a string body or comment into. */
const blank = (s: string): string => s.replace(/[^\n]/g, ' ');

describe('review lexer', () => {
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
    const { templates } = lexCode(text, 'javascript');
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

  it('stops an unterminated single-line string at the line end', () => {
    const masked = maskedOf('a = "open\nb = 1;', 'javascript');
    assert.equal(masked.split('\n')[1], 'b = 1;');
  });

  it('converts offsets to lines and back', () => {
    const index = new LineIndex('ab\r\ncd\n\nef');
    assert.equal(index.lineCount, 4);
    assert.equal(index.lineAt(0), 1);
    assert.equal(index.lineAt(4), 2);
    assert.equal(index.lineAt(7), 3);
    assert.equal(index.lineText(1), 'ab');
    assert.equal(index.lineText(4), 'ef');
  });
});
