// The notes feature's worker requests: index a workspace folder's notes, search them (hybrid with
// the embedding model, keyword without), report an index's state, pause indexing. The indexes live
// here, in the worker only; see ./notes/folderIndexes.ts. The embedding source comes from the
// caller (a model server's model, or the in-process model by default).
import type { NotesRequests } from '../../core/notesProtocol';
import type { FeatureHost, Handler } from '../featureHost';
import { FolderIndexes, type NotesDeps } from './notes/folderIndexes';

export type { NotesDeps } from './notes/folderIndexes';

const registered = new WeakMap<FeatureHost, FolderIndexes>();

/** The note indexes registered on a service (the CLI listens to their progress). */
export function folderIndexesOf(service: FeatureHost): FolderIndexes {
  const indexes = registered.get(service);
  if (!indexes) throw new Error('the notes feature is not registered on this service');
  return indexes;
}

export function registerNotes(service: FeatureHost, deps: NotesDeps = {}): void {
  const indexes = new FolderIndexes(service, deps);
  registered.set(service, indexes);
  service.onDispose(() => indexes.dispose());
  const register = <M extends keyof NotesRequests>(method: M, handler: Handler<M>) => service.register(method, handler);
  register('notes/index', (params, signal) => indexes.index(params, signal));
  register('notes/search', (params, signal) => indexes.search(params, signal));
  register('notes/stats', (params) => indexes.stats(params));
  register('notes/pause', (params) => indexes.pause(params));
}
