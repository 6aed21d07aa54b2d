// Finds TODO-style tags inside comments and only there. It runs on every file of a workspace, so
// it is built for files without TODOs: the tags are searched first with indexOf (no tag standing
// as a word, no lexing), then the comment walk of src/core/lexing jumps from one possible comment
// or string opener to the next, the collector skips whole comments that hold no tag and counts
// lines only up to the TODOs it reports, and the walk stops after the last tag.

import { type CommentSyntax } from '../lexing/commentSyntax';
import { walkComments } from '../lexing/commentWalk';
import { compileSyntax } from '../lexing/compiledSyntax';
import { commentSyntaxFor } from '../lexing/syntaxLookup';
import { TagCursor } from './tagCursor';
import { TodoCollector, type TodoMatch } from './todoCollector';
import { compileTags, tagCandidates } from './todoTags';

export type { TodoMatch };

export const DEFAULT_TODO_TAGS: readonly string[] = ['TODO', 'FIXME', 'HACK', 'BUG', 'XXX'];

interface FindTodosOptions {
  /** Tags to find; default TODO, FIXME, HACK, BUG, XXX. Matched case-sensitively as whole words,
   *  as ripgrep -w and Todo Tree do: add `todo` to the list to find `// todo: ...` as well. */
  tags?: readonly string[];
}

/** The strings a file must contain to hold any of these tags; a scanner can test raw bytes with them
 *  (and isTagBoundary) before decoding. */
export function tagProbes(tags: readonly string[] = DEFAULT_TODO_TAGS): readonly string[] {
  return compileTags(tags).probes;
}

/** Finds TODO-style tags inside comments of `text`. `language` is a VS Code language id, an
 *  extension, a file name or a syntax from commentSyntaxFor. Unknown languages return no matches. */
export function findTodos(text: string, language: string | CommentSyntax, opts: FindTodosOptions = {}): TodoMatch[] {
  const syntax = typeof language === 'string' ? commentSyntaxFor(language) : language;
  if (!syntax) return [];
  const tags = compileTags(opts.tags ?? DEFAULT_TODO_TAGS);
  const candidates = tagCandidates(text, tags.probes);
  if (candidates.length === 0) return [];
  const lex = compileSyntax(syntax);
  const cursor = new TagCursor(text, tags, candidates);
  const collector = new TodoCollector(text, lex, cursor);
  // Nothing after the last candidate can be a TODO, and continuations were read with it.
  walkComments(text, lex, cursor.last, collector);
  return collector.matches;
}
