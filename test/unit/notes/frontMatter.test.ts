import assert from 'node:assert/strict';
import { parseFrontMatter } from '../../../src/core/notes/frontMatter';

const split = (text: string): string[] => text.split('\n');

describe('parseFrontMatter', () => {
  it('reads YAML scalars, flow lists, block lists and quoted values', () => {
    const fm = parseFrontMatter(split(['---', "title: 'It''s done'", 'tags: [a, "b, c", "#d"]', 'aliases:', '  - one', '  - "two"', 'summary: >', '  folded', '  text', 'lang: C# # a comment', '---', 'body'].join('\n')), 'markdown');
    assert.equal(fm.title, "It's done");
    assert.deepEqual(fm.tags, ['a', 'b, c', 'd']);
    assert.deepEqual(fm.fields.aliases, ['one', 'two']);
    assert.equal(fm.fields.summary, 'folded text');
    assert.equal(fm.fields.lang, 'C#');
    assert.equal(fm.bodyStartLine, 11);
  });

  it('splits a tag string on commas and spaces', () => {
    assert.deepEqual(parseFrontMatter(split('---\ntags: work, q3 #home\n---'), 'markdown').tags, ['work', 'q3']);
    assert.deepEqual(parseFrontMatter(split('---\nkeywords: "x y"\n---'), 'markdown').tags, ['x', 'y']);
  });

  it('reads TOML front matter', () => {
    const fm = parseFrontMatter(split('+++\ntitle = "Hugo post"\ntags = ["go", "web"]\n+++\ntext'), 'markdown');
    assert.equal(fm.title, 'Hugo post');
    assert.deepEqual(fm.tags, ['go', 'web']);
    assert.equal(fm.bodyStartLine, 4);
  });

  it('ignores an unclosed block and a block not on the first line', () => {
    assert.equal(parseFrontMatter(split('---\ntitle: x\nno end'), 'markdown').bodyStartLine, 0);
    assert.equal(parseFrontMatter(split('text\n---\ntitle: x\n---'), 'markdown').title, undefined);
  });

  it('reads Org keywords before the first heading', () => {
    const fm = parseFrontMatter(split('#+TITLE: Trip\n#+FILETAGS: :travel:japan:\n\n* Heading'), 'org');
    assert.equal(fm.title, 'Trip');
    assert.deepEqual(fm.tags, ['travel', 'japan']);
    assert.equal(fm.bodyStartLine, 3);
  });

  it('does not read YAML in reStructuredText, where --- can be a title overline', () => {
    assert.equal(parseFrontMatter(split('---\nTitle\n---'), 'rst').bodyStartLine, 0);
  });
});
