import assert from 'node:assert/strict';
import { parseInlineTags } from '../../../src/core/notes/inlineTags';
import { parseMarkdownLinks } from '../../../src/core/notes/markdownLinks';
import { readNoteLinks } from '../../../src/core/notes/noteLinks';
import { proseLines } from '../../../src/core/notes/proseText';
import { parseWikilinks } from '../../../src/core/notes/wikilinks';

describe('parseWikilinks', () => {
  it('reads the target, the heading and the alias', () => {
    assert.deepEqual(parseWikilinks('See [[Project Alpha]], [[plan#Next steps|the plan]] and [[journal/day one#Morning]].'), [
      { target: 'Project Alpha' },
      { target: 'plan', heading: 'Next steps', alias: 'the plan' },
      { target: 'journal/day one', heading: 'Morning' },
    ]);
  });

  it('counts embeds, and not links to a heading of the same note or empty brackets', () => {
    assert.deepEqual(parseWikilinks('![[diagram]] [[#Local heading]] [[ ]] [[a|]]'), [{ target: 'diagram' }, { target: 'a' }]);
  });
});

describe('parseMarkdownLinks', () => {
  it('resolves relative paths from the linking note, URL-decoded, without the fragment', () => {
    assert.deepEqual(parseMarkdownLinks('[day](../journal/day%20one.md#Plan) and [same](sibling.md "title")', 'projects/alpha.md'), [
      'journal/day one.md',
      'projects/sibling.md',
    ]);
  });

  it('reads <angle bracket> targets and a leading / as the folder root', () => {
    assert.deepEqual(parseMarkdownLinks('[a](<with space.md>) [b](/top/index.md)', 'deep/er/note.md'), ['deep/er/with space.md', 'top/index.md']);
  });

  it('ignores web links, other schemes, anchors, images and targets outside the folder', () => {
    const line = '[w](https://example.com/a.md) [h](http://x/b.md) [m](mailto:a@b.md) [s](#section) ![i](pic.png) [p](doc.pdf) [out](../../x.md)';
    assert.deepEqual(parseMarkdownLinks(line, 'notes/n.md'), []);
  });
});

describe('parseInlineTags', () => {
  it('reads #tags at the start of a line or after whitespace, nested ones whole', () => {
    assert.deepEqual(parseInlineTags('#idea about #project/alpha and #to-do_list'), ['idea', 'project/alpha', 'to-do_list']);
  });

  it('leaves out headings, issue numbers, URL fragments and C#', () => {
    assert.deepEqual(parseInlineTags('# Heading and issue #123 at https://x.org/page#frag in C# or a#b'), []);
  });

  it('keeps a number with a letter (#y2024) and unicode letters (#café)', () => {
    assert.deepEqual(parseInlineTags('#y2024 #café #2024'), ['y2024', 'café']);
  });
});

describe('proseLines', () => {
  it('blanks fenced code and code spans, keeping columns', () => {
    const lines = ['text `#notatag [[nolink]]` #tag', '```js', '#include [[x]]', '```', 'after'];
    const prose = proseLines(lines);
    assert.equal(prose[0]!.length, lines[0]!.length);
    assert.deepEqual(prose.map(parseInlineTags), [['tag'], [], [], [], []]);
    assert.deepEqual(prose.flatMap(parseWikilinks), []);
  });

  it('closes a fence only with the same character and length', () => {
    const prose = proseLines(['~~~~', '```', '#inside', '~~~~', '#outside']);
    assert.deepEqual(prose.flatMap(parseInlineTags), ['outside']);
  });
});

describe('readNoteLinks', () => {
  it('joins front matter tags (list or comma string) with inline tags, each once whatever its case', () => {
    const list = readNoteLinks('a.md', '---\ntags:\n  - Work\n  - idea\n---\n# Title\n\nSome #work and #new.\n');
    assert.deepEqual(list.tags, ['Work', 'idea', 'new']);
    const commas = readNoteLinks('b.md', '---\ntags: alpha, beta\n---\ntext #gamma\n');
    assert.deepEqual(commas.tags, ['alpha', 'beta', 'gamma']);
  });

  it('does not read front matter lines as inline tags, or a heading\'s # as a tag', () => {
    assert.deepEqual(readNoteLinks('a.md', '---\ntitle: "#notatag"\n---\n## Heading word\n###NoSpace\n').tags, []);
  });

  it('lists wikilinks and Markdown links once, in order, not those in code', () => {
    const text = '# N\n\n[[Alpha]] then [b](sub/beta.md) and [[alpha|again]].\n\n`[[Gamma]]`\n\n```\n[[Delta]]\n```\n';
    assert.deepEqual(readNoteLinks('dir/n.md', text).links, ['Alpha', 'dir/sub/beta.md']);
  });

  it('reads no inline tags or links in Org and reStructuredText notes', () => {
    const org = readNoteLinks('a.org', '#+FILETAGS: :travel:\n* Heading\n#comment [[link]]\n');
    assert.deepEqual(org, { tags: ['travel'], links: [] });
  });
});
