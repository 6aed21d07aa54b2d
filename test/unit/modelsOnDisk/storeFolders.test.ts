// Where the finder looks, per platform, computed without touching the disk: Windows paths are
// checked here on any machine.
import assert from 'node:assert/strict';
import { lmStudioHomePointerFile, storeFolders } from '../../../src/inference/modelsOnDisk/storeFolders';

describe('store folders', () => {
  it('on Linux: ~/.ollama/models, the Ollama service\'s store, then LM Studio\'s current and older folders', () => {
    assert.deepEqual(storeFolders({ home: '/home/ann', env: {}, platform: 'linux' }), {
      ollama: ['/home/ann/.ollama/models', '/usr/share/ollama/.ollama/models'],
      lmStudio: ['/home/ann/.lmstudio/models', '/home/ann/.cache/lm-studio/models'],
    });
  });

  it('on macOS: the same folders in the home folder, without a service store', () => {
    assert.deepEqual(storeFolders({ home: '/Users/ann', env: {}, platform: 'darwin' }), {
      ollama: ['/Users/ann/.ollama/models'],
      lmStudio: ['/Users/ann/.lmstudio/models', '/Users/ann/.cache/lm-studio/models'],
    });
  });

  it('on Windows: under %USERPROFILE% (any case of the name), with backslashes', () => {
    const where = { home: 'C:\\Users\\ann', env: { UserProfile: 'D:\\Profiles\\ann' }, platform: 'win32' as const };
    assert.deepEqual(storeFolders(where), {
      ollama: ['D:\\Profiles\\ann\\.ollama\\models'],
      lmStudio: ['D:\\Profiles\\ann\\.lmstudio\\models', 'D:\\Profiles\\ann\\.cache\\lm-studio\\models'],
    });
    assert.equal(lmStudioHomePointerFile(where), 'D:\\Profiles\\ann\\.lmstudio-home-pointer');
  });

  it('on Windows without USERPROFILE: the home folder given', () => {
    const folders = storeFolders({ home: 'C:\\Users\\bo', env: {}, platform: 'win32' });
    assert.deepEqual(folders.ollama, ['C:\\Users\\bo\\.ollama\\models']);
  });

  it('OLLAMA_MODELS replaces Ollama\'s default store, trimmed of spaces and quotes as Ollama does', () => {
    assert.deepEqual(storeFolders({ home: '/home/ann', env: { OLLAMA_MODELS: ' "/data/ollama" ' }, platform: 'linux' }).ollama, ['/data/ollama']);
    assert.deepEqual(storeFolders({ home: 'C:\\Users\\ann', env: { ollama_models: 'E:\\ollama\\models' }, platform: 'win32' }).ollama, ['E:\\ollama\\models']);
    assert.deepEqual(storeFolders({ home: '/Users/ann', env: { OLLAMA_MODELS: '  ' }, platform: 'darwin' }).ollama, ['/Users/ann/.ollama/models']);
  });

  it('LM Studio\'s home pointer puts the moved data folder\'s models first', () => {
    const where = { home: '/home/ann', env: {}, platform: 'linux' as const };
    assert.equal(lmStudioHomePointerFile(where), '/home/ann/.lmstudio-home-pointer');
    assert.deepEqual(storeFolders(where, '/mnt/big/lmstudio\n').lmStudio, ['/mnt/big/lmstudio/models', '/home/ann/.lmstudio/models', '/home/ann/.cache/lm-studio/models']);
  });
});
