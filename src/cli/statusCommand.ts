// `local-focus status`: each capability's tier and why (on the server tier: which server and
// model), and the model servers found, as text or JSON.
import { llmBackendText } from '../core/llmBackendText';
import { localFocusHome } from '../core/paths';
import type { DetectedLocalServer } from '../core/localServerProtocol';
import { Capability, CAPABILITY_LABELS, StatusReport, TIER_LABELS } from '../core/protocol';
import { UsageError } from './args';
import type { CliCommand } from './command';
import { cliVersion } from './version';

export function formatStatus(report: StatusReport, home: string, modelsDir: string): string {
  const lines = [`Local Focus ${cliVersion()} · mode ${report.mode} · overall ${TIER_LABELS[report.worst]}`];
  lines.push(`data: ${home}`, `models: ${modelsDir}`);
  const cloud = report.cloud;
  lines.push(`cloud: ${cloud.configured ? `configured, reachable ${cloud.reachable}${cloud.lastError ? ` (${cloud.lastError})` : ''}` : 'not configured'}`);
  for (const c of report.capabilities) {
    const server = c.server ? `${c.server.name} at ${c.server.url}${c.server.model ? `, model ${c.server.model}` : ''}` : '';
    const why = [server, c.reason ?? ''].filter(Boolean).join(' · ');
    lines.push(`  ${CAPABILITY_LABELS[c.capability].padEnd(13)} ${TIER_LABELS[c.tier].padEnd(12)} ${why}`.trimEnd());
  }
  for (const server of report.localServers ?? []) {
    const models = server.models.map((m) => `${m.name}${m.role === 'embedding' ? ' (embedding)' : ''}`).join(', ');
    lines.push(`model server: ${server.name} at ${server.url}${server.local ? '' : ' (not Local)'}: ${models || 'no models'}`);
  }
  const llm = llmBackendText(report);
  lines.push(`llama.cpp: ${llm.summary}`);
  if (llm.fallback) lines.push(`  not on the GPU: ${llm.fallback}`);
  return lines.join('\n') + '\n';
}

/** Each server with the capabilities it serves now, for `status --json`. */
export function serversWithCapabilities(report: StatusReport): (DetectedLocalServer & { capabilities: Capability[] })[] {
  return (report.localServers ?? []).map((server) => ({
    ...server,
    capabilities: report.capabilities.filter((c) => c.tier === 'server' && c.server?.url === server.url).map((c) => c.capability),
  }));
}

export const statusCommand: CliCommand = {
  synopsis: 'status [--probe]                 each capability\'s tier (cloud, local server, local, degraded) and why',
  options: { probe: { value: false } },
  async run({ args, options, json, service, config, io }) {
    if (args.length > 0) throw new UsageError(`'status' takes no arguments`);
    const report = await service.statusWithProbe(Boolean(options.probe));
    const home = localFocusHome(io.env);
    if (json) {
      const servers = report.localServers ? { localServers: serversWithCapabilities(report) } : {};
      io.out(JSON.stringify({ version: cliVersion(), home, modelsDir: config.modelsDir, ...report, ...servers }, null, 2) + '\n');
    }
    else io.out(formatStatus(report, home, config.modelsDir));
    return 0;
  },
};
