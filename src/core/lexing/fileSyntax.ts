// A file's comment syntax as a scan decides it: from its name (syntaxLookup.ts) before anything is
// read, and, for a name that may be a script's, from its `#!` line once the start of the file is
// read (shebang.ts). A walk keeps the name's verdict and reads only files that have one.

import type { CommentSyntax } from './commentSyntax';
import { mayBeScriptName, syntaxForShebang } from './shebang';
import { commentSyntaxForFileName } from './syntaxLookup';

/** The name's verdict when only the file's first line can tell its language. */
export const FROM_SHEBANG = 'shebang';

/** What a file name says about its comments: a syntax, or that the `#!` line must tell. */
export type NamedSyntax = CommentSyntax | typeof FROM_SHEBANG;

/** The name's verdict; undefined for a file no scan reads (a known document, an unknown extension). */
export function namedSyntax(fileName: string): NamedSyntax | undefined {
  return commentSyntaxForFileName(fileName) ?? (mayBeScriptName(fileName) ? FROM_SHEBANG : undefined);
}

/** The syntax to read a file with, from the name's verdict and the start of its text (its first
 *  line at least); undefined when a script's `#!` line names no interpreter the table knows. */
export function syntaxForText(named: NamedSyntax, start: string): CommentSyntax | undefined {
  return named === FROM_SHEBANG ? syntaxForShebang(start) : named;
}
