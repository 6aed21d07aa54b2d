// Which syntax of the table a language id, a file extension or a whole file name means.

import type { CommentSyntax } from './commentSyntax';
import { SYNTAXES } from './syntaxTable';

/** VS Code language ids to syntax ids. */
const LANGUAGE_IDS: Record<string, string> = {
  c: 'c', cpp: 'cpp', 'cuda-cpp': 'cpp', objectivec: 'c', 'objective-cpp': 'c', java: 'java', jsonc: 'c', json5: 'c',
  proto: 'c', proto3: 'c', glsl: 'c', hlsl: 'c', shaderlab: 'c', solidity: 'c', apex: 'c', haxe: 'c', arduino: 'c',
  csharp: 'csharp',
  javascript: 'javascript', typescript: 'javascript', javascriptreact: 'javascript', typescriptreact: 'javascript',
  go: 'go', rust: 'rust', swift: 'swift', kotlin: 'kotlin', scala: 'scala', dart: 'dart', groovy: 'groovy',
  php: 'php', css: 'css', scss: 'scss', less: 'scss', stylus: 'scss', fsharp: 'fsharp', d: 'd', pascal: 'pascal',
  objectpascal: 'pascal', zig: 'zig', wgsl: 'wgsl', wesl: 'wgsl', verilog: 'verilog', systemverilog: 'verilog',
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
  c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', hxx: 'cpp', inl: 'cpp', ipp: 'cpp',
  cu: 'cpp', cuh: 'cpp', m: 'c', mm: 'c', java: 'java', jsonc: 'c', json5: 'c', proto: 'c', glsl: 'c', vert: 'c',
  frag: 'c', hlsl: 'c', sol: 'c', cls: 'c', hx: 'c', ino: 'c', gradle: 'groovy', cs: 'csharp', csx: 'csharp',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript', ts: 'javascript', mts: 'javascript',
  cts: 'javascript', tsx: 'javascript',
  go: 'go', rs: 'rust', swift: 'swift', kt: 'kotlin', kts: 'kotlin', scala: 'scala', sc: 'scala', sbt: 'scala',
  dart: 'dart', groovy: 'groovy', gvy: 'groovy', jenkinsfile: 'groovy', php: 'php', phtml: 'php',
  css: 'css', scss: 'scss', sass: 'scss', less: 'scss', styl: 'scss', fs: 'fsharp', fsi: 'fsharp', fsx: 'fsharp',
  d: 'd', pas: 'pascal', pp: 'pascal', dpr: 'pascal', zig: 'zig', wgsl: 'wgsl', wesl: 'wgsl', v: 'verilog', sv: 'verilog', svh: 'verilog',
  py: 'python', pyi: 'python', pyw: 'python', pyx: 'python', coffee: 'python', bzl: 'python', star: 'python',
  sh: 'shell', bash: 'shell', zsh: 'shell', ksh: 'shell', fish: 'shell', bats: 'shell', ebuild: 'shell', eclass: 'shell', ps1: 'powershell', psm1: 'powershell',
  psd1: 'powershell', rb: 'ruby', rake: 'ruby', gemspec: 'ruby', pl: 'perl', pm: 'perl', t: 'perl', r: 'r',
  yml: 'yaml', yaml: 'yaml', toml: 'toml', mk: 'makefile', mak: 'makefile', am: 'makefile', dockerfile: 'dockerfile',
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
  makefile: 'makefile', gnumakefile: 'makefile', bsdmakefile: 'makefile', kbuild: 'makefile',
  dockerfile: 'dockerfile', containerfile: 'dockerfile', 'cmakelists.txt': 'cmake',
  gemfile: 'ruby', rakefile: 'ruby', podfile: 'ruby', vagrantfile: 'ruby', brewfile: 'ruby', guardfile: 'ruby',
  capfile: 'ruby', berksfile: 'ruby', fastfile: 'ruby', appfile: 'ruby', dangerfile: 'ruby', thorfile: 'ruby',
  jenkinsfile: 'groovy', pipfile: 'toml',
  'build.bazel': 'python', 'workspace.bazel': 'python', tiltfile: 'python', snakefile: 'python', sconstruct: 'python', sconscript: 'python',
  // Shell start-up files, with their dot and as dotfile repositories keep them, and the scripts
  // autotools ships under names that are not extensions.
  '.bashrc': 'shell', '.bash_profile': 'shell', '.bash_login': 'shell', '.bash_logout': 'shell', '.bash_aliases': 'shell',
  '.profile': 'shell', '.zshrc': 'shell', '.zshenv': 'shell', '.zprofile': 'shell', '.zlogin': 'shell', '.zlogout': 'shell',
  '.kshrc': 'shell', '.mkshrc': 'shell', '.xinitrc': 'shell', '.xprofile': 'shell', '.xsession': 'shell', '.xsessionrc': 'shell',
  '.envrc': 'shell', '.env': 'shell', bashrc: 'shell', bash_profile: 'shell', bash_aliases: 'shell', zshrc: 'shell',
  zshenv: 'shell', zprofile: 'shell', pkgbuild: 'shell', apkbuild: 'shell', 'config.sub': 'shell', 'config.guess': 'shell',
  '.gitignore': 'gitignore', '.dockerignore': 'gitignore', '.npmignore': 'gitignore', '.hgignore': 'gitignore',
  '.prettierignore': 'gitignore', '.eslintignore': 'gitignore', '.stylelintignore': 'gitignore', '.vscodeignore': 'gitignore',
  '.gcloudignore': 'gitignore', '.helmignore': 'gitignore', '.gitattributes': 'gitignore', codeowners: 'gitignore',
  '.inputrc': 'gitignore', '.curlrc': 'gitignore', '.wgetrc': 'gitignore',
  '.editorconfig': 'ini', '.gitconfig': 'ini', '.gitmodules': 'ini', '.npmrc': 'ini', '.yarnrc': 'ini', '.pylintrc': 'ini',
  '.flake8': 'ini', '.coveragerc': 'ini', '.pypirc': 'ini',
};

/** Name prefixes (lower case) that keep their language whatever follows: Makefile.am, Makefile.linux,
 *  Dockerfile.dev, .env.local. Tried only when the extension is not a known one (dockerfile.ts is code). */
const NAME_PREFIXES: readonly (readonly [string, string])[] = [
  ['makefile.', 'makefile'],
  ['gnumakefile.', 'makefile'],
  ['dockerfile.', 'dockerfile'],
  ['containerfile.', 'dockerfile'],
  ['.env.', 'shell'],
];

/** The suffix of configure templates (config.h.in, Makefile.in, setup.py.in): the name without it
 *  says the language. */
const TEMPLATE_SUFFIX = '.in';

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

/** The beginnings of names the table knows whatever follows (`dockerfile.`), lower case. */
export function knownNamePrefixes(): string[] {
  return NAME_PREFIXES.map(([prefix]) => prefix);
}

/** The syntax for a file name without folders: a known whole name, a known extension, a known name
 *  prefix, else the same for the name without a configure template's `.in`. */
export function commentSyntaxForFileName(fileName: string): CommentSyntax | undefined {
  const lower = fileName.toLowerCase();
  const id = syntaxIdForName(lower) ?? (lower.endsWith(TEMPLATE_SUFFIX) ? syntaxIdForName(lower.slice(0, -TEMPLATE_SUFFIX.length)) : undefined);
  return id ? SYNTAX_MAP.get(id) : undefined;
}

function syntaxIdForName(lower: string): string | undefined {
  const byName = FILE_NAME_MAP.get(lower);
  if (byName) return byName;
  const dot = lower.lastIndexOf('.');
  if (dot < 0) return undefined;
  const byExt = EXTENSION_MAP.get(lower.slice(dot + 1));
  if (byExt) return byExt;
  for (const [prefix, id] of NAME_PREFIXES) if (lower.startsWith(prefix)) return id;
  return undefined;
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
