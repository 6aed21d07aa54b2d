// What Set Up Local AI chooses, as plain decisions over what the worker reports: the models of a
// model server the user already runs, else the default catalog downloads that fit the memory
// budget. No vscode here, so plain Node tests cover it.
import type { DetectedLocalServer } from '../../core/localServerProtocol';
import { MODEL_ROLE_LABELS, type ModelRole } from '../../core/models/catalogTypes';
import type { ModelListResult, ModelView } from '../../core/modelsProtocol';

export interface ServerModelChoice {
  server: DetectedLocalServer;
  chatModel: string;
  /** Absent when the server lists no embedding model: notes search then stays on its own tiers. */
  embeddingModel?: string;
}

/**
 * The first server that counts as Local (loopback, or a host the user allowed) and lists a chat
 * model; its first chat model and first embedding model. A server outside the trust rule is never
 * chosen: its answers would leave the machine.
 */
export function chooseServerModels(servers: readonly DetectedLocalServer[] | undefined): ServerModelChoice | undefined {
  for (const server of servers ?? []) {
    if (!server.local) continue;
    const chat = server.models.find((m) => m.role === 'chat');
    if (!chat) continue;
    const embedding = server.models.find((m) => m.role === 'embedding');
    return { server, chatModel: chat.name, ...(embedding ? { embeddingModel: embedding.name } : {}) };
  }
  return undefined;
}

export interface DownloadOffer {
  id: string;
  name: string;
  sizeBytes: number;
  /** "Task parsing, Code review" */
  roles: string;
  /** Fits with room to spare; a tight one is offered but not picked in advance. */
  fitsEasily: boolean;
  /** The memory verdict's sentence, with its numbers. */
  memory: string;
}

/** States in which a download can start or continue. */
const DOWNLOADABLE: readonly ModelView['state'][] = ['not-downloaded', 'paused', 'failed'];

export interface DownloadOffers {
  offers: DownloadOffer[];
  /** Default models left out because they do not fit the memory budget, by name. */
  tooBig: string[];
  /** True when nothing is left to offer: every default model is on disk, on its way, or set by the user. */
  nothingToDo: boolean;
}

/**
 * The catalog defaults of the roles the settings leave to the default, not on disk yet, one offer
 * per model (one model may serve two roles), without the ones the memory budget says do not fit.
 */
export function chooseDownloads(list: Pick<ModelListResult, 'models' | 'roles'>): DownloadOffers {
  const rolesById = new Map<string, ModelRole[]>();
  for (const r of list.roles) {
    if (r.configured || r.present || !r.modelId) continue;
    rolesById.set(r.modelId, [...(rolesById.get(r.modelId) ?? []), r.role]);
  }
  const offers: DownloadOffer[] = [];
  const tooBig: string[] = [];
  for (const [id, roles] of rolesById) {
    const model = list.models.find((m) => m.id === id);
    if (!model || !DOWNLOADABLE.includes(model.state)) continue;
    if (model.memory.verdict === 'too-big') {
      tooBig.push(model.name);
      continue;
    }
    offers.push({
      id,
      name: model.name,
      sizeBytes: Math.max(0, model.sizeBytes - model.bytes),
      roles: roles.map((r) => MODEL_ROLE_LABELS[r]).join(', '),
      fitsEasily: model.memory.verdict === 'fits',
      memory: model.memory.sentence,
    });
  }
  return { offers, tooBig, nothingToDo: offers.length === 0 && tooBig.length === 0 };
}
