// `local-focus status`: each capability's tier and why, as text or JSON.
import { llmBackendText } from '../core/llmBackendText';
import { localFocusHome } from '../core/paths';
import { CAPABILITY_LABELS, StatusReport, TIER_LABELS } from '../core/protocol';
import { UsageError } from './args';
import type { CliCommand } from './command';
import { cliVersion } from './version';

export function formatStatus(report: StatusReport, home: string, modelsDir: string): string {
  const lines = [`Local Focus ${cliVersion()} · mode ${report.mode} · overall ${TIER_LABELS[report.worst]}`];
  lines.push(`data: ${home}`, `models: ${modelsDir}`);
  const cloud = report.cloud;
  lines.push(`cloud: ${cloud.configured ? `configured, reachable ${cloud.reachable}${cloud.lastError ? ` (${cloud.lastError})` : ''}` : 'not configured'}`);
  for (const c of report.capabilities) {
    lines.push(`  ${CAPABILITY_LABELS[c.capability].padEnd(13)} ${TIER_LABELS[c.tier].padEnd(9)} ${c.reason ?? ''}`.trimEnd());
  }
  const llm = llmBackendText(report);
  lines.push(`llama.cpp: ${llm.summary}`);
  if (llm.fallback) lines.push(`  not on the GPU: ${llm.fallback}`);
  return lines.join('\n') + '\n';
}

export const statusCommand: CliCommand = {
  synopsis: 'status [--probe]                 each capability\'s tier (cloud, local, degraded) and why',
  options: { probe: { value: false } },
  async run({ args, options, json, service, config, io }) {
    if (args.length > 0) throw new UsageError(`'status' takes no arguments`);
    const report = await service.statusWithProbe(Boolean(options.probe));
    const home = localFocusHome(io.env);
    if (json) io.out(JSON.stringify({ version: cliVersion(), home, modelsDir: config.modelsDir, ...report }, null, 2) + '\n');
    else io.out(formatStatus(report, home, config.modelsDir));
    return 0;
  },
};
