// The tier names the `tasks` commands take with --tier and the words their output names a tier by.
import type { Tier } from '../core/protocol';

/** 'local' is any local model: the one in this process, then a model server; 'server' only the server. */
export const TIER_NAMES: Record<string, Tier> = { rules: 'degraded', degraded: 'degraded', local: 'local', server: 'server', cloud: 'cloud' };
export const TIER_SOURCE: Record<Tier, string> = { cloud: 'cloud model', server: 'local model server', local: 'local model', degraded: 'rules' };
