// Makes the client for a server of either kind, so the tier logic never names a class.
import type { LocalServerKind } from '../../core/localServerProtocol';
import type { LocalServerClient, LocalServerClientOptions } from './localServerClient';
import { OllamaClient } from './ollamaClient';
import { OpenAiCompatibleClient } from './openAiCompatibleClient';

export function createLocalServerClient(kind: LocalServerKind, options: LocalServerClientOptions): LocalServerClient {
  return kind === 'ollama' ? new OllamaClient(options) : new OpenAiCompatibleClient(options);
}
