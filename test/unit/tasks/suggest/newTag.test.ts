// A model's one new tag for a task being captured: the validator accepts only a well-formed tag no
// task uses (or "" for none), the prompt shows the tags in use, and tasks/newTag on the tiers
// proposes on the server tier or falls to no tag, with the reason, when the answer is refused.
import assert from 'node:assert/strict';
import { LocalFocusError } from '../../../../src/core/errors';
import type { JsonSchema } from '../../../../src/core/protocol';
import { buildNewTagPrompt, MAX_PROMPT_TAGS } from '../../../../src/core/tasks/suggest/newTagPrompt';
import { validateNewTag } from '../../../../src/core/tasks/suggest/validateNewTag';
import { suggestNewTagTiered } from '../../../../src/inference/features/newTag';
import type { TieredModelDeps } from '../../../../src/inference/features/tieredModels';
import { Orchestrator } from '../../../../src/inference/orchestrator';

const IN_USE = ['auth', 'bug', 'ui'];
const signal = new AbortController().signal;

describe('task suggestions: the model\'s new tag', () => {
  it('accepts a new tag, normalised, and "" for none', () => {
    assert.deepEqual(validateNewTag({ tag: '#OAuth' }, IN_USE), { ok: true, tag: 'oauth' });
    assert.deepEqual(validateNewTag({ tag: 'rate-limit' }, IN_USE), { ok: true, tag: 'rate-limit' });
    assert.deepEqual(validateNewTag({ tag: '  ' }, IN_USE), { ok: true });
  });

  for (const [what, answer, why] of [
    ['a tag in use', { tag: 'Auth' }, /#auth is already in use/],
    ['no tag field', { label: 'x' }, /no "tag" string/],
    ['a sentence', { tag: 'this is about logins' }, /is not a tag/],
    ['a tag too long', { tag: 'a'.repeat(30) }, /at most 24/],
    ['a list', ['oauth'], /no "tag" string/],
  ] as const) {
    it(`refuses ${what}`, () => {
      const v = validateNewTag(answer, IN_USE);
      assert.equal(v.ok, false);
      assert.match(v.ok ? '' : v.reason, why);
    });
  }

  it('shows the model the title, the rules\' tags and the tags in use, most used first and bounded', () => {
    const many = Array.from({ length: MAX_PROMPT_TAGS + 5 }, (_, i) => `t${i}`);
    const { prompt, system } = buildNewTagPrompt('fix   the login\nredirect', ['auth'], many);
    assert.match(prompt, /^Task: fix the login redirect\n/);
    assert.match(prompt, /Tags suggested from similar tasks: auth\n/);
    assert.match(prompt, new RegExp(`Tags in use: t0, t1, .*, t${MAX_PROMPT_TAGS - 1}\\n`));
    assert.ok(!prompt.includes(`t${MAX_PROMPT_TAGS},`) && !prompt.includes(`t${MAX_PROMPT_TAGS}\n`));
    assert.match(system, /NOT among the tags in use/);
  });
});

function harness(server?: (schema: JsonSchema) => unknown) {
  const calls: string[] = [];
  const available = { available: Boolean(server), ...(server ? { server: { name: 'Ollama', url: 'http://127.0.0.1:11434', model: 'm' } } : { reason: 'no local model server found' }) };
  const orchestrator = new Orchestrator({
    localAvailability: () => ({ available: false, loaded: false, reason: 'task-parsing model not found at /m.gguf' }),
    serverAvailability: () => ({ taskParsing: available, codeReview: available, notesSearch: available }),
    probeCloud: async () => undefined,
    log: () => undefined,
    onChange: () => undefined,
  });
  orchestrator.configure('localOnly', false, true);
  const deps: TieredModelDeps = {
    runTiered: (handlers, o) => orchestrator.run('taskParsing', handlers, o),
    localJson: async () => {
      calls.push('local');
      throw new LocalFocusError('model-missing', 'No model file at /m.gguf.');
    },
    cloudJson: async () => assert.fail('no cloud in Local only'),
    serverJson: async (req) => {
      calls.push('server');
      return { value: server!(req.schema), tokens: 8 };
    },
    log: () => undefined,
  };
  return { deps, calls };
}

describe('tasks/newTag on the tiers', () => {
  const params = { title: 'support login with Google', suggested: ['auth'], inUse: IN_USE };

  it('proposes the server\'s tag under the bounded schema', async () => {
    let schema: { properties: { tag: { maxLength?: number } } } | undefined;
    const { deps } = harness((s) => {
      schema = s as unknown as typeof schema;
      return { tag: 'sso' };
    });
    const r = await suggestNewTagTiered(params, signal, deps);
    assert.deepEqual([r.tier, r.tag, r.fallbackReason], ['server', 'sso', undefined]);
    assert.equal(schema?.properties.tag.maxLength, 24);
  });

  it('proposes nothing, with the reason, when the server names a tag in use', async () => {
    const { deps } = harness(() => ({ tag: 'auth' }));
    const r = await suggestNewTagTiered(params, signal, deps);
    assert.equal(r.tier, 'degraded');
    assert.equal(r.tag, undefined);
    assert.match(r.fallbackReason ?? '', /^server: the model's tag was refused: #auth is already in use/);
    assert.deepEqual(r.modelAnswer, { tag: 'auth' });
  });

  it('asks no model on the rules tier, and refuses a request without a title', async () => {
    const { deps, calls } = harness(() => ({ tag: 'sso' }));
    const r = await suggestNewTagTiered({ ...params, tier: 'degraded' }, signal, deps);
    assert.deepEqual([r.tier, r.tag, calls], ['degraded', undefined, []]);
    await assert.rejects(suggestNewTagTiered({ ...params, title: ' ' }, signal, deps), /needs the task's title/);
    await assert.rejects(suggestNewTagTiered({ ...params, inUse: 'auth' as unknown as string[] }, signal, deps), /inUse as a list/);
  });
});
