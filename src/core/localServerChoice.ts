// Which model server and model serve a role, as pure code: the worker's LocalServers feeds it the
// servers detection found, the ones it knows are down and the user's model choice, and the mode
// policy gets the answer. Only a server the trust rule counts as Local is ever picked: the
// 'server' tier is part of the Local promise, so a remote one is listed but never used.
import type { DetectedLocalServer, LocalServerModelRole } from './localServerProtocol';

/** A server and model that can answer a role now. */
export interface ServerPick {
  server: DetectedLocalServer;
  model: string;
}

/** What the policy learns about the 'server' tier for one capability. */
export interface ServerAvailability {
  available: boolean;
  /** On the server tier: which server and model answer. */
  server?: { name: string; url: string; model?: string };
  /** Why no server can answer, for the tooltip and the CLI. */
  reason?: string;
}

export interface ServerFacts {
  /** The servers that answered the last detection, the configured URL's first. */
  servers: readonly DetectedLocalServer[];
  /** Servers that stopped answering, by URL, with the failure; they are retried after a backoff. */
  down: ReadonlyMap<string, { name: string; reason: string }>;
  /** The models the user named (localFocus.localServer.chatModel, .embeddingModel). */
  chatModel?: string;
  embeddingModel?: string;
}

const ROLE_WORDS: Record<LocalServerModelRole, string> = { chat: 'chat model', embedding: 'embedding model' };

/** Ollama lists "llama3.2:latest" for a model pulled as "llama3.2": both names mean it. */
function sameModel(listed: string, wanted: string): boolean {
  return listed === wanted || listed === `${wanted}:latest` || `${listed}:latest` === wanted;
}

function modelFor(server: DetectedLocalServer, role: LocalServerModelRole, wanted: string | undefined): string | undefined {
  const models = server.models.filter((m) => m.role === role);
  if (wanted) return models.find((m) => sameModel(m.name, wanted))?.name;
  return models[0]?.name;
}

function whyNot(server: DetectedLocalServer, role: LocalServerModelRole, wanted: string | undefined): string {
  const where = `${server.name} at ${server.url}`;
  if (!server.local) return `${where} is not on this machine (add its host to localFocus.localServer.allowHosts to use it)`;
  return wanted ? `${where} has no ${ROLE_WORDS[role]} named ${wanted}` : `${where} has no ${ROLE_WORDS[role]}`;
}

/** The first trusted, answering server with a model for the role; otherwise why there is none. */
export function pickServer(role: LocalServerModelRole, facts: ServerFacts): ServerPick | { reason: string } {
  const wanted = role === 'chat' ? facts.chatModel : facts.embeddingModel;
  const reasons: string[] = [];
  for (const server of facts.servers) {
    const down = facts.down.get(server.url);
    if (down) continue;
    const model = server.local ? modelFor(server, role, wanted) : undefined;
    if (model) return { server, model };
    reasons.push(whyNot(server, role, wanted));
  }
  for (const [url, down] of facts.down) reasons.push(`${down.name} at ${url} is down: ${down.reason}`);
  return { reason: reasons.length > 0 ? reasons.join('; ') : 'no local model server found' };
}

/** The pick as the policy sees it. */
export function serverAvailability(role: LocalServerModelRole, facts: ServerFacts): ServerAvailability {
  const pick = pickServer(role, facts);
  if ('reason' in pick) return { available: false, reason: pick.reason };
  return { available: true, server: { name: pick.server.name, url: pick.server.url, model: pick.model } };
}
