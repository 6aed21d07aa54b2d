// How each language writes comments and literals: one entry per syntax family, read by the TODO
// finder's comment walk (commentWalk.ts) and by review's code masker (lexCode.ts).
// syntaxLookup.ts maps language ids, extensions and file names to these entries.

import type { BlockDelimiter, CommentSyntax, LineCommentOpener, StringDelimiter } from './commentSyntax';

const SLASH_LINE: LineCommentOpener = { open: '//' };
const C_BLOCK: BlockDelimiter = { open: '/*', close: '*/' };
const C_BLOCK_NESTED: BlockDelimiter = { open: '/*', close: '*/', nested: true };
const HASH: LineCommentOpener = { open: '#' };
const HASH_SPACED: LineCommentOpener = { open: '#', needsSpaceBefore: true };
const DQ: StringDelimiter = { open: '"', close: '"', escape: '\\' };
const DQ_MULTI: StringDelimiter = { open: '"', close: '"', escape: '\\', multiline: true };
const SQ: StringDelimiter = { open: "'", close: "'", escape: '\\' };
const BACKTICK: StringDelimiter = { open: '`', close: '`', escape: '\\', multiline: true };
const TEMPLATE: StringDelimiter = { ...BACKTICK, template: true };
const TRIPLE_DQ: StringDelimiter = { open: '"""', close: '"""', escape: '\\', multiline: true };
const HTML_BLOCK: BlockDelimiter = { open: '<!--', close: '-->' };

const C_FAMILY: CommentSyntax = {
  id: 'c',
  line: [SLASH_LINE],
  block: [C_BLOCK],
  strings: [DQ, SQ],
  blockDecoration: '*',
};

export const SYNTAXES: Record<string, CommentSyntax> = {
  c: C_FAMILY,
  cpp: { ...C_FAMILY, id: 'cpp', rawStrings: 'cpp', digitSeparators: true },
  java: { ...C_FAMILY, id: 'java', strings: [TRIPLE_DQ, DQ, SQ] },
  csharp: { ...C_FAMILY, id: 'csharp', strings: [TRIPLE_DQ, { open: '@"', close: '"', multiline: true, doubledCloseEscapes: true }, DQ, SQ] },
  javascript: { ...C_FAMILY, id: 'javascript', strings: [DQ, SQ, TEMPLATE], regexLiterals: true },
  go: { ...C_FAMILY, id: 'go', strings: [DQ, SQ, { open: '`', close: '`', multiline: true }] },
  rust: { ...C_FAMILY, id: 'rust', block: [C_BLOCK_NESTED], strings: [DQ_MULTI], strictCharLiteral: true, rawStrings: 'rust' },
  swift: { ...C_FAMILY, id: 'swift', block: [C_BLOCK_NESTED], strings: [{ open: '"""', close: '"""', escape: '\\', multiline: true }, DQ] },
  kotlin: { ...C_FAMILY, id: 'kotlin', block: [C_BLOCK_NESTED], strings: [{ open: '"""', close: '"""', multiline: true }, DQ, SQ] },
  scala: { ...C_FAMILY, id: 'scala', block: [C_BLOCK_NESTED], strings: [{ open: '"""', close: '"""', multiline: true }, DQ, SQ] },
  dart: { ...C_FAMILY, id: 'dart', block: [C_BLOCK_NESTED], strings: [{ open: '"""', close: '"""', escape: '\\', multiline: true }, { open: "'''", close: "'''", escape: '\\', multiline: true }, DQ, SQ] },
  groovy: { ...C_FAMILY, id: 'groovy', strings: [{ open: '"""', close: '"""', escape: '\\', multiline: true }, { open: "'''", close: "'''", escape: '\\', multiline: true }, DQ, SQ] },
  php: { ...C_FAMILY, id: 'php', line: [SLASH_LINE, HASH], strings: [DQ_MULTI, { ...SQ, multiline: true }, BACKTICK], heredoc: 'php' },
  css: { id: 'css', block: [C_BLOCK], strings: [DQ, SQ], blockDecoration: '*' },
  scss: { ...C_FAMILY, id: 'scss' },
  fsharp: { id: 'fsharp', line: [SLASH_LINE], block: [{ open: '(*', close: '*)', nested: true }], strings: [{ open: '"""', close: '"""', multiline: true }, DQ_MULTI], strictCharLiteral: true, blockDecoration: '*' },
  d: { ...C_FAMILY, id: 'd', block: [C_BLOCK, { open: '/+', close: '+/', nested: true }], strings: [DQ_MULTI, SQ, { open: '`', close: '`', multiline: true }], blockDecoration: '*+' },
  pascal: { id: 'pascal', line: [SLASH_LINE], block: [{ open: '(*', close: '*)' }, { open: '{', close: '}' }], strings: [{ open: "'", close: "'" }], blockDecoration: '*' },
  zig: { id: 'zig', line: [SLASH_LINE], strings: [DQ, SQ] },
  // WGSL and WESL shaders have no string literals; their block comments nest.
  wgsl: { id: 'wgsl', line: [SLASH_LINE], block: [C_BLOCK_NESTED], blockDecoration: '*' },
  verilog: { ...C_FAMILY, id: 'verilog', strings: [DQ] },

  python: {
    id: 'python',
    line: [HASH],
    strings: [
      { open: '"""', close: '"""', escape: '\\', multiline: true },
      { open: "'''", close: "'''", escape: '\\', multiline: true },
      DQ,
      SQ,
    ],
  },
  shell: {
    id: 'shell',
    line: [HASH_SPACED],
    strings: [DQ_MULTI, { open: "'", close: "'", multiline: true }],
    escapeOutsideStrings: '\\',
    heredoc: 'shell',
  },
  powershell: {
    id: 'powershell',
    line: [HASH],
    block: [{ open: '<#', close: '#>' }],
    strings: [{ open: '"', close: '"', escape: '`', multiline: true }, { open: "'", close: "'", multiline: true }],
  },
  ruby: {
    id: 'ruby',
    line: [HASH],
    block: [{ open: '=begin', close: '=end', atLineStart: true }],
    strings: [DQ_MULTI, { ...SQ, multiline: true }, BACKTICK],
    heredoc: 'ruby',
  },
  perl: {
    id: 'perl',
    line: [HASH],
    block: ['=pod', '=head', '=begin', '=over', '=item', '=encoding', '=for'].map((open) => ({ open, close: '=cut', atLineStart: true })),
    strings: [DQ_MULTI, { ...SQ, multiline: true }],
    heredoc: 'shell',
  },
  r: { id: 'r', line: [HASH], strings: [DQ_MULTI, { ...SQ, multiline: true }] },
  yaml: { id: 'yaml', line: [HASH_SPACED], strings: [DQ, { open: "'", close: "'" }], quoteNeedsBoundary: true },
  toml: {
    id: 'toml',
    line: [HASH],
    strings: [
      { open: '"""', close: '"""', escape: '\\', multiline: true },
      { open: "'''", close: "'''", multiline: true },
      DQ,
      { open: "'", close: "'" },
    ],
  },
  makefile: { id: 'makefile', line: [HASH], escapeOutsideStrings: '\\' },
  dockerfile: { id: 'dockerfile', line: [HASH_SPACED], strings: [DQ, { open: "'", close: "'" }], quoteNeedsBoundary: true },
  julia: {
    id: 'julia',
    line: [HASH],
    block: [{ open: '#=', close: '=#', nested: true }],
    strings: [{ open: '"""', close: '"""', escape: '\\', multiline: true }, DQ],
    strictCharLiteral: true,
  },
  nim: {
    id: 'nim',
    line: [HASH],
    block: [{ open: '#[', close: ']#', nested: true }],
    strings: [{ open: '"""', close: '"""', multiline: true }, DQ],
    strictCharLiteral: true,
  },
  cmake: { id: 'cmake', line: [HASH], block: [{ open: '#[[', close: ']]' }], strings: [DQ_MULTI] },
  elixir: {
    id: 'elixir',
    line: [HASH],
    strings: [{ open: '"""', close: '"""', escape: '\\', multiline: true }, { open: "'''", close: "'''", escape: '\\', multiline: true }, DQ_MULTI, { ...SQ, multiline: true }],
  },
  tcl: { id: 'tcl', line: [{ open: '#', atLineStart: true }, { open: ';#' }], strings: [DQ_MULTI] },
  hcl: { id: 'hcl', line: [HASH, SLASH_LINE], block: [C_BLOCK], strings: [DQ], heredoc: 'shell', blockDecoration: '*' },
  ini: { id: 'ini', line: [{ open: ';', atLineStart: true }, { open: '#', atLineStart: true }] },
  properties: { id: 'properties', line: [{ open: '#', atLineStart: true }, { open: '!', atLineStart: true }] },
  gitignore: { id: 'gitignore', line: [{ open: '#', atLineStart: true }] },

  html: { id: 'html', block: [HTML_BLOCK] },
  markdown: { id: 'markdown', block: [HTML_BLOCK] },
  xml: { id: 'xml', block: [HTML_BLOCK] },
  // Single-file components mix markup and script; the union finds both kinds of comments.
  vue: { id: 'vue', line: [SLASH_LINE], block: [HTML_BLOCK, C_BLOCK], strings: [DQ, SQ, TEMPLATE], regexLiterals: true, blockDecoration: '*' },
  mdx: { id: 'mdx', block: [HTML_BLOCK, C_BLOCK], blockDecoration: '*' },
  handlebars: { id: 'handlebars', block: [{ open: '{{!--', close: '--}}' }, { open: '{{!', close: '}}' }, HTML_BLOCK] },
  jinja: { id: 'jinja', block: [{ open: '{#', close: '#}' }, HTML_BLOCK] },
  erb: { id: 'erb', block: [{ open: '<%#', close: '%>' }, HTML_BLOCK] },
  razor: { id: 'razor', line: [SLASH_LINE], block: [{ open: '@*', close: '*@' }, HTML_BLOCK, C_BLOCK], strings: [DQ] },

  sql: {
    id: 'sql',
    line: [{ open: '--' }],
    block: [C_BLOCK],
    // Doubled quotes ('it''s') close and reopen, which reads the same without an escape rule.
    strings: [{ open: "'", close: "'", multiline: true }, { open: '"', close: '"', multiline: true }],
    blockDecoration: '*',
  },
  lua: {
    id: 'lua',
    line: [{ open: '--' }],
    block: [{ open: '--[[', close: ']]' }, { open: '--[=[', close: ']=]' }, { open: '--[==[', close: ']==]' }],
    strings: [{ open: '[[', close: ']]', multiline: true }, { open: '[=[', close: ']=]', multiline: true }, DQ, SQ],
  },
  haskell: {
    id: 'haskell',
    line: [{ open: '--' }],
    block: [{ open: '{-', close: '-}', nested: true }],
    strings: [DQ],
    strictCharLiteral: true,
  },
  ada: { id: 'ada', line: [{ open: '--' }], strings: [{ open: '"', close: '"' }], strictCharLiteral: true },
  vhdl: { id: 'vhdl', line: [{ open: '--' }], block: [C_BLOCK], strings: [{ open: '"', close: '"' }], strictCharLiteral: true },

  lisp: {
    id: 'lisp',
    line: [{ open: ';' }],
    block: [{ open: '#|', close: '|#', nested: true }],
    strings: [DQ_MULTI],
    escapeOutsideStrings: '\\',
  },
  asm: { id: 'asm', line: [{ open: ';' }], strings: [DQ, SQ] },
  gas: { id: 'gas', line: [{ open: '#' }, { open: ';' }, SLASH_LINE], block: [C_BLOCK], strings: [DQ], blockDecoration: '*' },

  tex: { id: 'tex', line: [{ open: '%' }], escapeOutsideStrings: '\\' },
  erlang: { id: 'erlang', line: [{ open: '%' }], strings: [DQ_MULTI, { ...SQ, multiline: false }], escapeOutsideStrings: '$' },
  matlab: {
    id: 'matlab',
    line: [{ open: '%' }],
    block: [{ open: '%{', close: '%}', atLineStart: true }],
    strings: [{ open: '"', close: '"' }, { open: "'", close: "'" }],
    quoteNeedsBoundary: true,
  },
  prolog: { id: 'prolog', line: [{ open: '%' }], block: [C_BLOCK], strings: [DQ, SQ], quoteNeedsBoundary: true, blockDecoration: '*' },

  vb: { id: 'vb', line: [{ open: "'" }, { open: 'REM', word: true, atLineStart: true }], strings: [{ open: '"', close: '"' }] },
  bat: { id: 'bat', line: [{ open: 'REM', word: true, atLineStart: true }, { open: '::', atLineStart: true }] },
  fortran: { id: 'fortran', line: [{ open: '!' }], strings: [DQ, SQ] },
  ocaml: { id: 'ocaml', block: [{ open: '(*', close: '*)', nested: true }], strings: [DQ_MULTI], strictCharLiteral: true, blockDecoration: '*' },
};

/** For text of a language the table does not know (review reads any file): C-style comments and
 *  double-quoted strings, the most common shape. Not in SYNTAXES, so the TODO finder, which only
 *  reads known languages, never gets it. */
export const PLAIN_SYNTAX: CommentSyntax = { id: 'plain', line: [SLASH_LINE], block: [C_BLOCK], strings: [DQ] };
