// The language a script's `#!` line names, for files whose name says nothing (`configure`,
// `bin/deploy`, `tool.in`). The interpreter is found as the kernel and env(1) find it: the first
// word after `#!`, and past env's options and VAR=value assignments (`env -S node --flag`) the
// command env runs. Its name is read without folders, `.exe` or a version (`python3.12` is python).

import type { CommentSyntax } from './commentSyntax';
import { SYNTAXES } from './syntaxTable';

/** Bytes read to find a `#!` line; Linux reads no more of it than this either. */
export const SHEBANG_HEAD_BYTES = 256;

/** Interpreter names (lower case, no version) to syntax ids; `shell` is autoconf's `@SHELL@`. */
const INTERPRETERS = new Map<string, string>(
  Object.entries({
    sh: 'shell', bash: 'shell', zsh: 'shell', dash: 'shell', ksh: 'shell', mksh: 'shell', pdksh: 'shell', oksh: 'shell',
    ash: 'shell', yash: 'shell', posh: 'shell', csh: 'shell', tcsh: 'shell', fish: 'shell', shell: 'shell',
    python: 'python', pypy: 'python', jython: 'python', ipython: 'python', uv: 'python',
    perl: 'perl', raku: 'perl', rakudo: 'perl',
    ruby: 'ruby', jruby: 'ruby', truffleruby: 'ruby',
    node: 'javascript', nodejs: 'javascript', deno: 'javascript', bun: 'javascript', 'ts-node': 'javascript',
    tsx: 'javascript', zx: 'javascript', gjs: 'javascript', qjs: 'javascript',
    php: 'php', lua: 'lua', luajit: 'lua', texlua: 'lua', rscript: 'r', tclsh: 'tcl', wish: 'tcl', expect: 'tcl',
    jimsh: 'tcl', pwsh: 'powershell', powershell: 'powershell', julia: 'julia', elixir: 'elixir', escript: 'erlang',
    sbcl: 'lisp', clisp: 'lisp', guile: 'lisp', racket: 'lisp', bb: 'lisp', clojure: 'lisp', csi: 'lisp',
    make: 'makefile', gmake: 'makefile', bmake: 'makefile', groovy: 'groovy', kotlin: 'kotlin', kscript: 'kotlin',
    scala: 'scala', amm: 'scala', swift: 'swift', dart: 'dart',
  }),
);

/** Launchers whose arguments name the real interpreter: env(1), and busybox's applets. */
const LAUNCHERS = new Set(['env', 'busybox']);
/** env options that take the next word as their value (`-u NAME`, `-C DIR`, BSD's `-P PATH`). */
const ENV_OPTIONS_WITH_VALUE = new Set(['-u', '-C', '-P', '--unset', '--chdir']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Names of documents that never start with `#!`: an extension-less LICENSE is not read to look. */
const DOCUMENT_NAMES = new Set([
  'license', 'licence', 'copying', 'copyright', 'readme', 'authors', 'contributors', 'maintainers', 'owners',
  'changelog', 'changes', 'history', 'news', 'notice', 'patents', 'thanks', 'credits', 'install', 'version', 'todo',
]);

/** Whether a file with this name, which the name table does not know, may say its language by a
 *  `#!` line: a name without an extension (`configure`, `bin/deploy`, `.hidden-script`) or such a
 *  name with a configure template's `.in`. */
export function mayBeScriptName(fileName: string): boolean {
  let lower = fileName.toLowerCase();
  if (lower.endsWith('.in')) lower = lower.slice(0, -3);
  return lower.length > 0 && lower.indexOf('.', 1) < 0 && !DOCUMENT_NAMES.has(lower);
}

/** The syntax of the interpreter the first line names; undefined when it is no `#!` line or names
 *  an interpreter whose comments the table does not know. */
export function syntaxForShebang(firstLine: string): CommentSyntax | undefined {
  const interpreter = shebangInterpreter(firstLine);
  const id = interpreter === undefined ? undefined : INTERPRETERS.get(interpreter);
  return id === undefined ? undefined : SYNTAXES[id];
}

/** The interpreter's bare name (`python`, `bash`, `node`), or undefined when there is no `#!` line. */
export function shebangInterpreter(firstLine: string): string | undefined {
  if (!firstLine.startsWith('#!')) return undefined;
  const newline = firstLine.indexOf('\n');
  let words: readonly string[] = (newline >= 0 ? firstLine.slice(2, newline) : firstLine.slice(2)).trim().split(/\s+/);
  let name = commandName(words[0]);
  while (name !== undefined && LAUNCHERS.has(name)) {
    words = name === 'env' ? envCommand(words.slice(1)) : words.slice(1);
    name = commandName(words[0]);
  }
  return name;
}

/** env's command with its arguments: the words after env's options and VAR=value assignments.
 *  `-S` (`--split-string`) hands env one string to split into words, which are split here
 *  already; a command glued to the option (`-Snode`, `--split-string=node`) is taken apart. */
function envCommand(args: readonly string[]): readonly string[] {
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === '--') return args.slice(i + 1);
    const glued = /^(?:-S|--split-string=)(.+)$/.exec(word);
    if (glued) return [glued[1]!, ...args.slice(i + 1)];
    if (ENV_OPTIONS_WITH_VALUE.has(word)) i++;
    else if (!word.startsWith('-') && !ASSIGNMENT.test(word)) return args.slice(i);
  }
  return [];
}

/** A command word as an interpreter name: no folders, no `.exe`, no version, autoconf's `@PYTHON@`
 *  placeholder read as the program it stands for. */
function commandName(word: string | undefined): string | undefined {
  if (!word) return undefined;
  let name = word.slice(Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\')) + 1).toLowerCase();
  if (name.endsWith('.exe')) name = name.slice(0, -4);
  if (/^@[a-z_]+@$/.test(name)) name = name.slice(1, -1);
  const unversioned = name.replace(/[\d.\-_]+$/, '');
  return unversioned.length > 0 ? unversioned : undefined;
}
