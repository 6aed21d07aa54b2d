// `local-focus`: the engine from a terminal. It runs the worker's own code (WorkerService) in
// process, with the same data folders as the extension.
import * as path from 'node:path';
import { ERROR_INFO, toLocalFocusError } from '../core/errors';
import { defaultModelsDir, localFocusHome } from '../core/paths';
import { CAPABILITY_LABELS, Mode, MODES, StatusReport, TIER_LABELS, WorkerConfig } from '../core/protocol';
import { WorkerService } from '../inference/service';
import { parseArgs, UsageError } from './args';

declare const __LOCAL_FOCUS_VERSION__: string | undefined;

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const GLOBAL_OPTIONS = {
  help: { value: false },
  version: { value: false },
  json: { value: false },
  'models-dir': { value: true },
  mode: { value: true },
  verbose: { value: false },
  probe: { value: false },
} as const;

const HELP = `local-focus: offline AI help for your workspace (the Local Focus engine from a terminal)

Usage: local-focus [global options] <command> [options]

Commands:
  status [--probe]       each capability's tier (cloud, local, degraded) and why
  help                   this text

Global options:
  --json                 machine-readable output
  --models-dir <path>    models folder (default: $LOCAL_FOCUS_HOME/models or ~/.local-focus/models)
  --mode <mode>          auto | localOnly | cloudPreferred (default: $LOCAL_FOCUS_MODE or auto)
  --verbose              print the engine's log lines to stderr
  -h, --help             show help
  -v, --version          print the version

Environment:
  LOCAL_FOCUS_HOME       data folder (models, indexes); default ~/.local-focus
  LOCAL_FOCUS_API_KEY    cloud API key (the editor keeps it in its secret storage instead)
  LOCAL_FOCUS_CLOUD_URL  OpenAI-compatible base URL (default https://openrouter.ai/api/v1)
  LOCAL_FOCUS_CLOUD_MODEL  cloud model name

Exit codes: 0 success, 1 findings or a failure to act on, 2 bad usage.
`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

function version(): string {
  return typeof __LOCAL_FOCUS_VERSION__ === 'string' ? __LOCAL_FOCUS_VERSION__ : '0.0.0-dev';
}

function cliConfig(options: Record<string, string | boolean>, env: NodeJS.ProcessEnv): WorkerConfig {
  const modeText = (options.mode as string | undefined) ?? env.LOCAL_FOCUS_MODE ?? 'auto';
  if (!(MODES as readonly string[]).includes(modeText)) throw new UsageError(`--mode must be one of ${MODES.join(', ')}`);
  const apiKey = env.LOCAL_FOCUS_API_KEY?.trim();
  return {
    mode: modeText as Mode,
    modelsDir: options['models-dir'] ? path.resolve(options['models-dir'] as string) : defaultModelsDir(env),
    models: {},
    cloud: {
      baseUrl: env.LOCAL_FOCUS_CLOUD_URL || 'https://openrouter.ai/api/v1',
      model: env.LOCAL_FOCUS_CLOUD_MODEL || 'meta-llama/llama-3.2-3b-instruct',
      ...(apiKey ? { apiKey } : {}),
    },
    idleUnloadMinutes: 1,
  };
}

function formatStatus(report: StatusReport, home: string, modelsDir: string): string {
  const lines = [`Local Focus ${version()} · mode ${report.mode} · overall ${TIER_LABELS[report.worst]}`];
  lines.push(`data: ${home}`, `models: ${modelsDir}`);
  const cloud = report.cloud;
  lines.push(`cloud: ${cloud.configured ? `configured, reachable ${cloud.reachable}${cloud.lastError ? ` (${cloud.lastError})` : ''}` : 'not configured'}`);
  for (const c of report.capabilities) {
    lines.push(`  ${CAPABILITY_LABELS[c.capability].padEnd(13)} ${TIER_LABELS[c.tier].padEnd(9)} ${c.reason ?? ''}`.trimEnd());
  }
  return lines.join('\n') + '\n';
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(argv, GLOBAL_OPTIONS);
  } catch (err) {
    io.err(`local-focus: ${(err as Error).message}\nRun 'local-focus --help' for usage.\n`);
    return EXIT_USAGE;
  }
  const { command, options } = parsed;
  if (options.version) {
    io.out(`${version()}\n`);
    return EXIT_OK;
  }
  if (options.help || command[0] === 'help' || command.length === 0) {
    io.out(HELP);
    return command.length === 0 && !options.help ? EXIT_USAGE : EXIT_OK;
  }

  let service: WorkerService | undefined;
  try {
    const config = cliConfig(options, io.env);
    const verbose = Boolean(options.verbose);
    service = new WorkerService({
      log: (level, message) => {
        if (verbose || level === 'error') io.err(`[${level}] ${message}\n`);
      },
      status: () => undefined,
    });
    service.configure(config);
    switch (command[0]) {
      case 'status': {
        if (command.length > 1) throw new UsageError(`'status' takes no arguments`);
        const report = await service.statusWithProbe(Boolean(options.probe));
        if (options.json) {
          io.out(JSON.stringify({ version: version(), home: localFocusHome(io.env), modelsDir: config.modelsDir, ...report }, null, 2) + '\n');
        } else {
          io.out(formatStatus(report, localFocusHome(io.env), config.modelsDir));
        }
        return EXIT_OK;
      }
      default:
        throw new UsageError(`unknown command '${command[0]}'`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`local-focus: ${err.message}\nRun 'local-focus --help' for usage.\n`);
      return EXIT_USAGE;
    }
    const e = toLocalFocusError(err);
    if (options.json) io.out(JSON.stringify({ error: e.toWire() }) + '\n');
    io.err(`local-focus: ${e.message}${e.message === ERROR_INFO[e.code].sentence ? '' : `\n${ERROR_INFO[e.code].sentence}`}\n`);
    return EXIT_FAILURE;
  } finally {
    await service?.dispose();
  }
}

/** Runs the CLI on this process's arguments and sets the exit code; used by bin/local-focus.js. */
export function main(): void {
  runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`local-focus: internal error: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}

if (require.main === module) main();
