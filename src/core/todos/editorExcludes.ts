// What VS Code leaves out of a search when the user has changed nothing: the default globs of
// files.exclude and search.exclude. The editor's scan receives the user's own values of both
// settings; the CLI has no settings, so it skips these, and `local-focus todos` lists the same
// TODOs as the editor out of the box, in a git repository or not.

/** files.exclude's and search.exclude's default true entries, as VS Code ships them. */
export const EDITOR_DEFAULT_EXCLUDES: readonly string[] = [
  '**/.git',
  '**/.svn',
  '**/.hg',
  '**/CVS',
  '**/.DS_Store',
  '**/Thumbs.db',
  '**/node_modules',
  '**/bower_components',
  '**/*.code-search',
];
