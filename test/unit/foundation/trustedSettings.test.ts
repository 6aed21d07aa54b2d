// Restricted Mode: a workspace that is not trusted cannot move the models folder, pick model files,
// redirect the cloud endpoint or model, loosen the mode or set a proxy. The pure rule, its list
// against the manifest's capabilities.untrustedWorkspaces.restrictedConfigurations, and a check
// that the extension reads those settings only through the rule.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRestrictedSetting, RESTRICTED_EDITOR_SETTINGS, RESTRICTED_SETTINGS, trustedSettingValue } from '../../../src/core/trustedSettings';

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Every other Local Focus setting, with why a workspace may set it even when untrusted. */
const UNRESTRICTED: Record<string, string> = {
  'localFocus.idleUnloadMinutes': 'only when a model is unloaded; no path, no network',
  'localFocus.threads': 'CPU threads for the user\'s own models; no path, no network',
  'localFocus.memoryBudgetPercent': 'bounded 1–95 by the schema; a load past the budget still needs the user\'s explicit override',
  'localFocus.notes.include': 'globs matched inside the workspace folder only (NoteScope walks the folder)',
  'localFocus.notes.exclude': 'can only index less',
  'localFocus.review.contextTokens': 'chunk size of a review; capped by the model',
  'localFocus.review.minSeverity': 'hides findings below a severity; sends nothing anywhere',
  'localFocus.review.checks': 'turns heuristic checks off or changes their severity; sends nothing anywhere',
  'localFocus.todo.tags': 'words matched in comments',
  'localFocus.todo.exclude': 'can only scan less',
  'localFocus.todo.codeLens': 'display only',
  'localFocus.todos.highlightTags': 'display only',
  'localFocus.localServer.detect': 'probes fixed loopback ports only; a server found there counts as Local by the trust rule',
  'localFocus.tasks.file': 'relative to the folder; taskFileSetting() replaces an absolute or escaping value with TASKS.md',
};

function contributedSettings(): string[] {
  return (pkg.contributes.configuration as { properties: Record<string, unknown> }[]).flatMap((c) => Object.keys(c.properties));
}

describe('settings in an untrusted workspace', function () {
  const inspection = { defaultValue: 'default', globalValue: 'user', workspaceValue: 'workspace', workspaceFolderValue: 'folder' };

  it('ignores the workspace and folder values of every restricted setting when untrusted', function () {
    for (const key of [...RESTRICTED_SETTINGS, ...RESTRICTED_EDITOR_SETTINGS]) {
      // `resolved` is what VS Code's get() returned: here an editor that did apply the workspace value.
      const value = trustedSettingValue(key, { trusted: false, resolved: 'folder', inspection, fallback: 'fallback' });
      assert.equal(value, 'user', key);
      assert.equal(trustedSettingValue(key, { trusted: false, resolved: 'workspace', inspection: { defaultValue: 'default', workspaceValue: 'workspace' }, fallback: 'fallback' }), 'default', `${key}: default without a user value`);
      assert.equal(trustedSettingValue(key, { trusted: false, resolved: 'workspace', inspection: { workspaceValue: 'workspace' }, fallback: 'fallback' }), 'fallback', `${key}: fallback without user or default`);
      assert.equal(trustedSettingValue(key, { trusted: false, resolved: 'workspace', inspection: undefined, fallback: 'fallback' }), 'fallback', `${key}: no inspection`);
    }
  });

  it('uses the workspace value of a restricted setting once the workspace is trusted', function () {
    for (const key of RESTRICTED_SETTINGS) assert.equal(trustedSettingValue(key, { trusted: true, resolved: 'folder', inspection, fallback: 'fallback' }), 'folder', key);
  });

  it('uses the workspace value of a setting that is not restricted, trusted or not', function () {
    for (const key of Object.keys(UNRESTRICTED)) {
      assert.equal(isRestrictedSetting(key), false, key);
      assert.equal(trustedSettingValue(key, { trusted: false, resolved: 'folder', inspection, fallback: 'fallback' }), 'folder', key);
    }
  });

  it('keeps typed values: an untrusted workspace cannot turn a user\'s Local only into cloud use', function () {
    const mode = trustedSettingValue('localFocus.mode', { trusted: false, resolved: 'cloudPreferred', inspection: { defaultValue: 'auto', globalValue: 'localOnly', workspaceValue: 'cloudPreferred' }, fallback: 'auto' });
    assert.equal(mode, 'localOnly');
    const dir = trustedSettingValue('localFocus.modelsDirectory', { trusted: false, resolved: '/tmp/evil', inspection: { defaultValue: '', workspaceValue: '/tmp/evil' }, fallback: '' });
    assert.equal(dir, '', 'the default models folder, not the workspace\'s');
    const url = trustedSettingValue('localFocus.cloud.baseUrl', { trusted: false, resolved: 'https://attacker.example/v1', inspection: { defaultValue: 'https://openrouter.ai/api/v1', workspaceFolderValue: 'https://attacker.example/v1' }, fallback: '' });
    assert.equal(url, 'https://openrouter.ai/api/v1');
  });

  it('lists exactly the settings of package.json capabilities.untrustedWorkspaces.restrictedConfigurations', function () {
    const manifest: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual([...manifest].sort(), [...RESTRICTED_SETTINGS].sort(), 'the manifest and src/core/trustedSettings.ts disagree');
    const contributed = new Set(contributedSettings());
    for (const key of RESTRICTED_SETTINGS) assert.ok(contributed.has(key), `${key} is restricted but not a contributed setting`);
  });

  it('every contributed setting is either restricted or listed here with why a workspace may set it', function () {
    const unclassified = contributedSettings().filter((k) => !isRestrictedSetting(k) && !(k in UNRESTRICTED));
    assert.deepEqual(unclassified, [], 'decide whether an untrusted workspace may set these');
    const stale = Object.keys(UNRESTRICTED).filter((k) => !contributedSettings().includes(k));
    assert.deepEqual(stale, [], 'settings listed here that no longer exist');
    console.log(`untrusted workspace: ${RESTRICTED_SETTINGS.length} restricted settings (+ ${RESTRICTED_EDITOR_SETTINGS.join(', ')}), ${Object.keys(UNRESTRICTED).length} left to the workspace with a reason`);
  });

  it('the extension reads restricted settings only through the trust rule', function () {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts')) files.push(p);
      }
    };
    walk(path.join(root, 'src', 'extension'));
    const offenders: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const key of [...RESTRICTED_SETTINGS, ...RESTRICTED_EDITOR_SETTINGS]) {
        const [sectionName, ...rest] = key.split('.');
        const name = rest.join('.');
        // A direct read: getConfiguration('localFocus').get('modelsDirectory') or get('localFocus.modelsDirectory').
        const direct = new RegExp(`\\.get(?:<[^>]*>)?\\(\\s*'(?:${sectionName}\\.)?${name.replace(/\./g, '\\.')}'`);
        if (direct.test(text)) offenders.push(`${path.relative(root, file)} reads ${key} directly`);
      }
    }
    assert.deepEqual(offenders, []);
    const config = fs.readFileSync(path.join(root, 'src', 'extension', 'config.ts'), 'utf8');
    assert.match(config, /trustedSettingValue\(/, 'config.ts applies the rule');
    assert.match(config, /vscode\.workspace\.isTrusted/, 'config.ts asks whether the workspace is trusted');
  });
});
