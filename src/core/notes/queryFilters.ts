// Filters in a notes query: `#tag` keeps notes with that tag (or a tag below it: `#project` keeps
// `#project/alpha`), `path:<prefix or glob>` keeps notes whose path, relative to the notes folder,
// starts with the prefix or matches the glob (`path:journal/`, `path:journal/**/*.md`). Each is
// taken out of the text searched; several tags must all be there, several paths any one match.
// Tags compare case-insensitively, as Obsidian's do; paths as written.

import { compileGlobs } from '../todos/glob';

export interface QueryFilters {
  /** The query without its filters, spaces collapsed; '' when it was filters only. */
  text: string;
  /** Lowercased, without `#`. */
  tags: string[];
  paths: string[];
}

/** A filter is a whole word: `C#` and `page#x` stay text. A `#` followed by digits only is an issue number, not a tag. */
const FILTER = /(?<=^|\s)(?:#([\p{L}\p{N}_\-/]*[\p{L}_\-/][\p{L}\p{N}_\-/]*)|path:(\S+))(?=\s|$)/gu;

export function parseQueryFilters(query: string): QueryFilters {
  const tags: string[] = [];
  const paths: string[] = [];
  const text = query.replace(FILTER, (_whole, tag: string | undefined, pathFilter: string | undefined) => {
    if (tag !== undefined) tags.push(tag.replace(/\/+$/, '').toLowerCase());
    else if (pathFilter !== undefined) paths.push(pathFilter);
    return ' ';
  });
  return { text: text.replace(/\s+/g, ' ').trim(), tags, paths };
}

export function hasFilters(filters: QueryFilters): boolean {
  return filters.tags.length > 0 || filters.paths.length > 0;
}

/** Whether a note (its path relative to the notes folder, and its tags) passes every filter. */
export function noteFilter(filters: QueryFilters): (file: string, tags: readonly string[]) => boolean {
  const pathMatches = filters.paths.map(pathMatcher);
  return (file, tags) => {
    if (pathMatches.length > 0 && !pathMatches.some((matches) => matches(file))) return false;
    const lower = tags.map((t) => t.toLowerCase());
    return filters.tags.every((wanted) => lower.some((tag) => tag === wanted || tag.startsWith(`${wanted}/`)));
  };
}

/** A glob when it has glob characters, else a prefix (`journal/` and `journal` both keep journal/…). */
function pathMatcher(filter: string): (file: string) => boolean {
  const relative = filter.replace(/^\.?\//, '');
  if (/[*?[{]/.test(relative)) return compileGlobs([relative]);
  return (file) => file.startsWith(relative);
}
