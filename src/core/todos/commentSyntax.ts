// How each language writes comments and strings, as much as a TODO finder needs to know:
// enough to tell a comment from a string literal in one pass, not a full tokenizer.

export interface StringDelimiter {
  open: string;
  close: string;
  /** Character that escapes the next one inside the string; absent for raw strings ('...' in shell). */
  escape?: string;
  /** Whether the literal may span lines. A single-line string that meets a newline ends there, which
   *  limits the damage of a quote we misread (an apostrophe in prose, a Rust lifetime). */
  multiline?: boolean;
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
}

const SLASH_LINE: LineCommentOpener = { open: '//' };
const C_BLOCK: BlockDelimiter = { open: '/*', close: '*/' };
const C_BLOCK_NESTED: BlockDelimiter = { open: '/*', close: '*/', nested: true };
const HASH: LineCommentOpener = { open: '#' };
const HASH_SPACED: LineCommentOpener = { open: '#', needsSpaceBefore: true };
const DQ: StringDelimiter = { open: '"', close: '"', escape: '\\' };
const DQ_MULTI: StringDelimiter = { open: '"', close: '"', escape: '\\', multiline: true };
const SQ: StringDelimiter = { open: "'", close: "'", escape: '\\' };
const BACKTICK: StringDelimiter = { open: '`', close: '`', escape: '\\', multiline: true };
const HTML_BLOCK: BlockDelimiter = { open: '<!--', close: '-->' };

const C_FAMILY: CommentSyntax = {
  id: 'c',
  line: [SLASH_LINE],
  block: [C_BLOCK],
  strings: [DQ, SQ],
  blockDecoration: '*',
};

const SYNTAXES: Record<string, CommentSyntax> = {
  c: C_FAMILY,
  csharp: { ...C_FAMILY, id: 'csharp', strings: [{ open: '@"', close: '"', multiline: true }, DQ, SQ] },
  javascript: { ...C_FAMILY, id: 'javascript', strings: [DQ, SQ, BACKTICK] },
  go: { ...C_FAMILY, id: 'go', strings: [DQ, SQ, { open: '`', close: '`', multiline: true }] },
  rust: { ...C_FAMILY, id: 'rust', block: [C_BLOCK_NESTED], strings: [DQ_MULTI], strictCharLiteral: true },
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
  vue: { id: 'vue', line: [SLASH_LINE], block: [HTML_BLOCK, C_BLOCK], strings: [DQ, SQ, BACKTICK], blockDecoration: '*' },
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

/** VS Code language ids to syntax ids. */
const LANGUAGE_IDS: Record<string, string> = {
  c: 'c', cpp: 'c', 'cuda-cpp': 'c', objectivec: 'c', 'objective-cpp': 'c', java: 'c', jsonc: 'c', json5: 'c',
  proto: 'c', proto3: 'c', glsl: 'c', hlsl: 'c', shaderlab: 'c', solidity: 'c', apex: 'c', haxe: 'c', arduino: 'c',
  csharp: 'csharp',
  javascript: 'javascript', typescript: 'javascript', javascriptreact: 'javascript', typescriptreact: 'javascript',
  go: 'go', rust: 'rust', swift: 'swift', kotlin: 'kotlin', scala: 'scala', dart: 'dart', groovy: 'groovy',
  php: 'php', css: 'css', scss: 'scss', less: 'scss', stylus: 'scss', fsharp: 'fsharp', d: 'd', pascal: 'pascal',
  objectpascal: 'pascal', zig: 'zig', verilog: 'verilog', systemverilog: 'verilog',
  python: 'python', shellscript: 'shell', bash: 'shell', zsh: 'shell', fish: 'shell', powershell: 'powershell',
  ruby: 'ruby', perl: 'perl', perl6: 'perl', raku: 'perl', r: 'r', yaml: 'yaml', 'github-actions-workflow': 'yaml',
  dockercompose: 'yaml', toml: 'toml', makefile: 'makefile', dockerfile: 'dockerfile', julia: 'julia', nim: 'nim',
  cmake: 'cmake', elixir: 'elixir', tcl: 'tcl', terraform: 'hcl', hcl: 'hcl', ini: 'ini', properties: 'properties',
  'java-properties': 'properties', ignore: 'gitignore', gitignore: 'gitignore', coffeescript: 'python',
  html: 'html', markdown: 'markdown', xml: 'xml', xsl: 'xml', svg: 'xml', vue: 'vue', svelte: 'vue', astro: 'vue',
  mdx: 'mdx', handlebars: 'handlebars', jinja: 'jinja', 'jinja-html': 'jinja', twig: 'jinja', django: 'jinja',
  erb: 'erb', razor: 'razor', aspnetcorerazor: 'razor',
  sql: 'sql', plsql: 'sql', mysql: 'sql', pgsql: 'sql', lua: 'lua', haskell: 'haskell', elm: 'haskell',
  purescript: 'haskell', ada: 'ada', vhdl: 'vhdl',
  lisp: 'lisp', clojure: 'lisp', scheme: 'lisp', racket: 'lisp', elisp: 'lisp', 'emacs-lisp': 'lisp',
  asm: 'asm', nasm: 'asm', 'x86asm': 'asm', gas: 'gas', arm: 'gas',
  latex: 'tex', tex: 'tex', bibtex: 'tex', erlang: 'erlang', matlab: 'matlab', octave: 'matlab', prolog: 'prolog',
  vb: 'vb', vba: 'vb', vbscript: 'vb', bat: 'bat', fortran: 'fortran', 'fortran-modern': 'fortran', ocaml: 'ocaml',
};

/** File extensions (lower case, no dot) to syntax ids. */
const EXTENSIONS: Record<string, string> = {
  c: 'c', h: 'c', cc: 'c', cpp: 'c', cxx: 'c', hpp: 'c', hh: 'c', hxx: 'c', inl: 'c', ipp: 'c', cu: 'c', cuh: 'c',
  m: 'c', mm: 'c', java: 'c', jsonc: 'c', json5: 'c', proto: 'c', glsl: 'c', vert: 'c', frag: 'c', hlsl: 'c',
  sol: 'c', cls: 'c', hx: 'c', ino: 'c', gradle: 'groovy', cs: 'csharp', csx: 'csharp',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript', ts: 'javascript', mts: 'javascript',
  cts: 'javascript', tsx: 'javascript',
  go: 'go', rs: 'rust', swift: 'swift', kt: 'kotlin', kts: 'kotlin', scala: 'scala', sc: 'scala', sbt: 'scala',
  dart: 'dart', groovy: 'groovy', gvy: 'groovy', jenkinsfile: 'groovy', php: 'php', phtml: 'php',
  css: 'css', scss: 'scss', sass: 'scss', less: 'scss', styl: 'scss', fs: 'fsharp', fsi: 'fsharp', fsx: 'fsharp',
  d: 'd', pas: 'pascal', pp: 'pascal', dpr: 'pascal', zig: 'zig', v: 'verilog', sv: 'verilog', svh: 'verilog',
  py: 'python', pyi: 'python', pyw: 'python', pyx: 'python', coffee: 'python',
  sh: 'shell', bash: 'shell', zsh: 'shell', ksh: 'shell', fish: 'shell', ps1: 'powershell', psm1: 'powershell',
  psd1: 'powershell', rb: 'ruby', rake: 'ruby', gemspec: 'ruby', pl: 'perl', pm: 'perl', t: 'perl', r: 'r',
  yml: 'yaml', yaml: 'yaml', toml: 'toml', mk: 'makefile', mak: 'makefile', dockerfile: 'dockerfile',
  jl: 'julia', nim: 'nim', cmake: 'cmake', ex: 'elixir', exs: 'elixir', tcl: 'tcl', tf: 'hcl', tfvars: 'hcl',
  hcl: 'hcl', ini: 'ini', cfg: 'ini', conf: 'ini', properties: 'properties', gitignore: 'gitignore',
  html: 'html', htm: 'html', xhtml: 'html', md: 'markdown', markdown: 'markdown', xml: 'xml', xsl: 'xml',
  xslt: 'xml', xsd: 'xml', svg: 'xml', plist: 'xml', csproj: 'xml', vbproj: 'xml', fsproj: 'xml', props: 'xml',
  targets: 'xml', xaml: 'xml', resx: 'xml', vue: 'vue', svelte: 'vue', astro: 'vue', mdx: 'mdx',
  hbs: 'handlebars', handlebars: 'handlebars', mustache: 'handlebars', j2: 'jinja', jinja: 'jinja',
  jinja2: 'jinja', twig: 'jinja', njk: 'jinja', erb: 'erb', cshtml: 'razor', razor: 'razor',
  sql: 'sql', psql: 'sql', pgsql: 'sql', lua: 'lua', hs: 'haskell', lhs: 'haskell', elm: 'haskell',
  purs: 'haskell', adb: 'ada', ads: 'ada', vhd: 'vhdl', vhdl: 'vhdl',
  lisp: 'lisp', lsp: 'lisp', cl: 'lisp', el: 'lisp', clj: 'lisp', cljs: 'lisp', cljc: 'lisp', edn: 'lisp',
  scm: 'lisp', ss: 'lisp', rkt: 'lisp', asm: 'asm', nasm: 'asm', s: 'gas',
  tex: 'tex', sty: 'tex', ltx: 'tex', bib: 'tex', erl: 'erlang', hrl: 'erlang', pro: 'prolog',
  vb: 'vb', vbs: 'vb', bas: 'vb', bat: 'bat', cmd: 'bat', f: 'fortran', f90: 'fortran', f95: 'fortran',
  f03: 'fortran', for: 'fortran', ml: 'ocaml', mli: 'ocaml',
};

/** Whole file names (lower case) that say their language without an extension. */
const FILE_NAMES: Record<string, string> = {
  makefile: 'makefile', gnumakefile: 'makefile', dockerfile: 'dockerfile', containerfile: 'dockerfile',
  'cmakelists.txt': 'cmake', gemfile: 'ruby', rakefile: 'ruby', podfile: 'ruby', vagrantfile: 'ruby',
  jenkinsfile: 'groovy', '.bashrc': 'shell', '.zshrc': 'shell', '.profile': 'shell', '.bash_profile': 'shell',
  '.gitignore': 'gitignore', '.dockerignore': 'gitignore', '.npmignore': 'gitignore', '.editorconfig': 'ini',
  '.env': 'shell', 'build.bazel': 'python', 'workspace.bazel': 'python',
};

// Maps, not object lookups: a file named `x.constructor` must not find Object.prototype.
const SYNTAX_MAP = new Map(Object.entries(SYNTAXES));
const LANGUAGE_ID_MAP = new Map(Object.entries(LANGUAGE_IDS));
const EXTENSION_MAP = new Map(Object.entries(EXTENSIONS));
const FILE_NAME_MAP = new Map(Object.entries(FILE_NAMES));

/** Every extension the table knows, for callers that prefilter files (ripgrep globs in the bench). */
export function knownExtensions(): string[] {
  return [...EXTENSION_MAP.keys()];
}
/** Every whole file name the table knows (Makefile, CMakeLists.txt), lower case. */
export function knownFileNames(): string[] {
  return [...FILE_NAME_MAP.keys()];
}

/** The syntax for a file name without folders: a known whole name first, then the extension. */
export function commentSyntaxForFileName(fileName: string): CommentSyntax | undefined {
  const lower = fileName.toLowerCase();
  const byName = FILE_NAME_MAP.get(lower);
  if (byName) return SYNTAX_MAP.get(byName);
  const dot = lower.lastIndexOf('.');
  if (dot < 0) return undefined;
  const byExt = EXTENSION_MAP.get(lower.slice(dot + 1));
  return byExt ? SYNTAX_MAP.get(byExt) : undefined;
}

/** The syntax for a VS Code language id, an extension (`ts`, `.ts`) or a file name/path (`src/Makefile`). */
export function commentSyntaxFor(languageIdOrExt: string): CommentSyntax | undefined {
  const key = languageIdOrExt.toLowerCase();
  const byId = LANGUAGE_ID_MAP.get(key) ?? EXTENSION_MAP.get(key.startsWith('.') ? key.slice(1) : key);
  if (byId) return SYNTAX_MAP.get(byId);
  const slash = Math.max(key.lastIndexOf('/'), key.lastIndexOf('\\'));
  return commentSyntaxForFileName(slash >= 0 ? key.slice(slash + 1) : key);
}

/** Syntax ids, for tests that walk every family. */
export function commentSyntaxIds(): string[] {
  return [...SYNTAX_MAP.keys()];
}
