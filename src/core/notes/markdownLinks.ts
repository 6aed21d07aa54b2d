// Markdown links from one note to another: `[text](other.md)`, `[text](../journal/day%201.md#Plan)`,
// `[text](<with spaces.md>)`. Only links to Markdown files count as links between notes; a link
// with a scheme (http:, https:, mailto:, file: …) points outside the notes and is ignored, as is
// one that climbs out of the notes folder.

import path from 'node:path';

/** A Markdown note's file name ends so; an image or a PDF is not a note to link to. */
const NOTE_EXTENSION = /\.(md|mdx|markdown)$/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** `[text](target "title")` or `[text](<target>)`; an image `![alt](…)` is matched too and then dropped by its extension. */
const INLINE_LINK = /\[[^\]\n]*\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g;

/**
 * The notes that one line of prose (code already blanked) links to, as paths relative to the
 * notes folder ('/' separated), resolved from `notePath`, the linking note's own path there.
 */
export function parseMarkdownLinks(line: string, notePath: string): string[] {
  const targets: string[] = [];
  for (const match of line.matchAll(INLINE_LINK)) {
    const target = resolveTarget(match[1]!, notePath);
    if (target !== undefined) targets.push(target);
  }
  return targets;
}

function resolveTarget(raw: string, notePath: string): string | undefined {
  const written = raw.startsWith('<') ? raw.slice(1, -1) : raw;
  if (SCHEME.test(written) || written.startsWith('#')) return undefined;
  const withoutFragment = written.replace(/[#?].*$/, '');
  const decoded = decodeOrKeep(withoutFragment);
  if (!NOTE_EXTENSION.test(decoded)) return undefined;
  // A leading '/' means the notes folder's root, as static site generators and Obsidian read it.
  const joined = decoded.startsWith('/') ? decoded.slice(1) : path.posix.join(path.posix.dirname(notePath), decoded);
  const normal = path.posix.normalize(joined);
  if (normal === '..' || normal.startsWith('../') || path.posix.isAbsolute(normal)) return undefined;
  return normal;
}

/** `my%20note.md` → `my note.md`; a stray `%` is kept as written. */
function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
