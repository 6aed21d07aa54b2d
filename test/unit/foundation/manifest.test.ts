import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('package.json manifest', function () {
  it('is in sync with contributes/*.json', function () {
    assert.doesNotThrow(() => execFileSync(process.execPath, [path.join(root, 'scripts', 'contributes.mjs'), '--check'], { stdio: 'pipe' }));
  });

  it('activates on commands, views and startup, never on *', function () {
    assert.ok(!pkg.activationEvents.includes('*'));
  });

  it('every command has a title in the Local Focus category, and every setting a description', function () {
    for (const c of pkg.contributes.commands) {
      assert.equal(c.category, 'Local Focus', c.command);
      assert.ok(c.title.length > 3, c.command);
      assert.match(c.command, /^localFocus\./);
    }
    for (const section of pkg.contributes.configuration) {
      for (const [key, prop] of Object.entries(section.properties as Record<string, { description?: string; markdownDescription?: string }>)) {
        assert.match(key, /^localFocus\./);
        assert.ok(prop.description || prop.markdownDescription, key);
      }
    }
  });

  it('restricts in untrusted workspaces every setting that moves models or the cloud endpoint', function () {
    const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of ['localFocus.modelsDirectory', 'localFocus.cloud.baseUrl']) assert.ok(restricted.includes(key), key);
  });

  it('the views live in the Local Focus activity bar container', function () {
    assert.ok(pkg.contributes.viewsContainers.activitybar.some((c: { id: string }) => c.id === 'localFocus'));
    assert.ok(pkg.contributes.views.localFocus.length >= 1);
  });
});
