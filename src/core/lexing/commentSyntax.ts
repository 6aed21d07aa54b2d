// What a language's comments and literals can look like: the vocabulary of the syntax table
// (syntaxTable.ts). It says enough to tell comments, strings and regex literals from code in one
// pass, not to tokenize the language.

export interface StringDelimiter {
  open: string;
  close: string;
  /** Character that escapes the next one inside the string; absent for raw strings ('...' in shell). */
  escape?: string;
  /** Whether the literal may span lines. A single-line string that meets a newline ends there, which
   *  limits the damage of a quote we misread (an apostrophe in prose, a Rust lifetime). */
  multiline?: boolean;
  /** A doubled closer inside stands for one quote and does not close (C# `@"say ""hi"""`). */
  doubledCloseEscapes?: boolean;
  /** A template literal: `${ … }` inside is code (JavaScript). The comment walk reads the whole
   *  literal as one string; the code masker keeps the interpolations as code. */
  template?: boolean;
}

export interface BlockDelimiter {
  open: string;
  close: string;
  /** Nested block comments (Rust, Swift, Haskell, OCaml): the closer must balance the openers. */
  nested?: boolean;
  /** Opener only counts as the first thing on its line (Ruby =begin, MATLAB %{, Perl POD). */
  atLineStart?: boolean;
}

export interface LineCommentOpener {
  open: string;
  /** Only counts as the first thing on its line (batch REM and ::, INI ; and #). */
  atLineStart?: boolean;
  /** Must be preceded by whitespace or the line start: `#` in shell and YAML is a comment only there. */
  needsSpaceBefore?: boolean;
  /** Matched case-insensitively and as a whole word (REM). */
  word?: boolean;
}

export interface CommentSyntax {
  /** Stable id of the syntax family, for logs and tests. */
  id: string;
  line?: readonly LineCommentOpener[];
  block?: readonly BlockDelimiter[];
  strings?: readonly StringDelimiter[];
  /** `'` starts a character literal only when it looks like one ('a', '\n'); otherwise it is a
   *  lifetime, a prime or an attribute tick (Rust 'a, Haskell foldl', Ada X'Length). */
  strictCharLiteral?: boolean;
  /** Quotes open a string only after a non-word character: YAML `don't`, MATLAB transpose `a'`. */
  quoteNeedsBoundary?: boolean;
  /** Outside strings this character escapes the next one (TeX \%, Makefile \#, Clojure \;). */
  escapeOutsideStrings?: string;
  /** Here-documents whose bodies are strings: `<<EOF` (shell, Ruby, Perl, HCL), `<<<EOT` (PHP). */
  heredoc?: 'shell' | 'ruby' | 'php';
  /** Characters that decorate continuation lines of a block comment (` * more text`). */
  blockDecoration?: string;
  /** Raw strings that a prefix before the `"` announces and that end only at a matching closer:
   *  Rust `r#"…"#` and `br"…"`, C++ `R"delim(…)delim"`. */
  rawStrings?: 'rust' | 'cpp';
  /** `'` between two hexadecimal digits separates digits (C++14 `1'000'000`) and opens nothing. */
  digitSeparators?: boolean;
  /** `/…/` where an operand may start is a regular-expression literal (JavaScript). Only the code
   *  masker reads them: telling one from a division needs the code before it, which the comment
   *  walk jumps over. */
  regexLiterals?: boolean;
}
