// The models feature's worker requests: catalog and state, downloads, import, models found in
// Ollama's and LM Studio's folders and their use in place, the Hub's search and adding its results,
// verification, load/unload with the memory check, the device report, and benches that compare models' speed. The CLI reaches the same manager
// through modelManagerOf(service) to draw its progress bars (it has no JSON-RPC channel).
import type { HubRequests } from '../../core/modelsHubProtocol';
import type { ModelRequests } from '../../core/modelsProtocol';
import type { FeatureHost, Handler } from '../featureHost';
import { ModelManager } from './models/modelManager';

const managers = new WeakMap<FeatureHost, ModelManager>();

/** The model manager registered on a service (the CLI listens to its progress events). */
export function modelManagerOf(service: FeatureHost): ModelManager {
  const manager = managers.get(service);
  if (!manager) throw new Error('the models feature is not registered on this service');
  return manager;
}

export function registerModels(service: FeatureHost): void {
  const manager = new ModelManager(service);
  managers.set(service, manager);
  service.onDispose(() => manager.dispose());
  const register = <M extends keyof ModelRequests | keyof HubRequests>(method: M, handler: Handler<M>) => service.register(method, handler);

  register('models/list', () => manager.list());
  register('models/download', async (params, signal) => ({ model: await manager.download(params.id, { wait: Boolean(params.wait), signal }) }));
  register('models/pause', async (params) => ({ model: await manager.pause(params.id) }));
  register('models/resume', async (params) => ({ model: await manager.resume(params.id) }));
  register('models/cancel', async (params) => ({ model: await manager.cancel(params.id) }));
  register('models/resumeInterrupted', async () => ({ resumed: await manager.resumeInterrupted() }));
  register('models/addUrl', (params, signal) => manager.addUrl(params, signal));
  register('models/import', (params, signal) => manager.importModel(params, signal));
  register('models/verify', async (params, signal) => ({ reports: await manager.verify(params?.id, signal) }));
  register('models/remove', (params) => manager.remove(params.id));
  register('models/onDisk', (params) => manager.onDisk(Boolean(params?.refresh)));
  register('models/useInPlace', async (params, signal) => ({ model: await manager.useInPlace(params, signal) }));
  register('models/load', (params, signal) => manager.load(params.id, Boolean(params.override), signal));
  register('models/unload', async (params) => ({ unloaded: await manager.unload(params.id) }));
  register('models/device', (params) => manager.device(Boolean(params?.gpu)));
  register('models/bench', (params, signal) => manager.bench(params, signal));
  register('models/hubSearch', (params, signal) => manager.searchHub(params, signal));
  register('models/hubLastSearch', async () => ({ search: await manager.lastHubSearch() }));
  register('models/hubAdd', async (params, signal) => ({ model: await manager.addFromHub(params, signal) }));
}
