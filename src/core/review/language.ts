// Review works on many languages without parsers: each VS Code language id maps to the few
// structural facts the chunker and the heuristics need (its family), and to its lexical syntax in
// the shared table of src/core/lexing, which the code masker reads.

import { type CommentSyntax } from '../lexing/commentSyntax';
import { commentSyntaxFor } from '../lexing/syntaxLookup';
import { PLAIN_SYNTAX } from '../lexing/syntaxTable';

/** How blocks are delimited: braces (C family) or indentation (Python). */
type BlockStyle = 'braces' | 'indentation';

export type LanguageFamily =
  | 'javascript'
  | 'java'
  | 'csharp'
  | 'c'
  | 'cpp'
  | 'go'
  | 'rust'
  | 'python'
  | 'json'
  | 'hash' // shell, ruby, yaml, toml, perl, r: '#' comments, quotes, no block structure we rely on
  | 'other';

export interface LanguageInfo {
  family: LanguageFamily;
  blockStyle: BlockStyle;
  /** The id as given, lower-cased; kept for messages. */
  languageId: string;
  /** How its comments and literals look, for the code masker. */
  syntax: CommentSyntax;
}

const FAMILY_BY_ID: Record<string, LanguageFamily> = {
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'javascript',
  typescriptreact: 'javascript',
  js: 'javascript',
  jsx: 'javascript',
  ts: 'javascript',
  tsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  vue: 'javascript',
  svelte: 'javascript',
  java: 'java',
  kotlin: 'java',
  scala: 'java',
  groovy: 'java',
  dart: 'java',
  swift: 'java',
  csharp: 'csharp',
  'c#': 'csharp',
  cs: 'csharp',
  c: 'c',
  h: 'c',
  objective_c: 'c',
  'objective-c': 'c',
  cpp: 'cpp',
  'c++': 'cpp',
  cuda: 'cpp',
  'cuda-cpp': 'cpp',
  hpp: 'cpp',
  cc: 'cpp',
  go: 'go',
  rust: 'rust',
  rs: 'rust',
  python: 'python',
  py: 'python',
  json: 'json',
  jsonc: 'json',
  json5: 'json',
  shellscript: 'hash',
  sh: 'hash',
  bash: 'hash',
  ruby: 'hash',
  yaml: 'hash',
  toml: 'hash',
  perl: 'hash',
  r: 'hash',
  php: 'javascript',
};

/** A language id of each family, whose syntax stands in for ids the syntax table does not know
 *  (`c#`, `c++`, `json`). JSON reads as JSONC: the same strings, and the comments tools allow. */
const FAMILY_LANGUAGE: Record<LanguageFamily, string | undefined> = {
  javascript: 'javascript',
  java: 'java',
  csharp: 'csharp',
  c: 'c',
  cpp: 'cpp',
  go: 'go',
  rust: 'rust',
  python: 'python',
  json: 'jsonc',
  hash: 'shellscript',
  other: undefined,
};

/** File extension (without dot) to VS Code language id, for the CLI and benchmarks. */
const LANGUAGE_ID_BY_EXTENSION: Record<string, string> = {
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascriptreact',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescriptreact',
  java: 'java',
  kt: 'kotlin',
  cs: 'csharp',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  go: 'go',
  rs: 'rust',
  py: 'python',
  json: 'json',
  sh: 'shellscript',
  bash: 'shellscript',
  rb: 'ruby',
  yml: 'yaml',
  yaml: 'yaml',
  php: 'php',
};

export function languageInfo(languageId: string): LanguageInfo {
  const id = languageId.toLowerCase();
  const family = FAMILY_BY_ID[id] ?? 'other';
  const familyLanguage = FAMILY_LANGUAGE[family];
  const syntax = commentSyntaxFor(id) ?? (familyLanguage ? commentSyntaxFor(familyLanguage) : undefined) ?? PLAIN_SYNTAX;
  return { family, blockStyle: family === 'python' ? 'indentation' : 'braces', languageId: id, syntax };
}

export function languageIdForPath(filePath: string): string {
  const match = /\.([A-Za-z0-9+]+)$/.exec(filePath);
  return (match && LANGUAGE_ID_BY_EXTENSION[match[1].toLowerCase()]) ?? 'plaintext';
}
