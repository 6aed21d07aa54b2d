// `local-focus`: the engine from a terminal. It runs the worker's own code (WorkerService) in
// process, with the same data folders as the extension.
import * as path from 'node:path';
import { ERROR_INFO, toLocalFocusError } from '../core/errors';
import { defaultModelsDir, localFocusHome } from '../core/paths';
import { HubSettings, LocalServerSettings, Mode, MODES, WorkerConfig, type ProgressParams } from '../core/protocol';
import { serverBaseUrl } from '../inference/localServer/detection';
import { WorkerService } from '../inference/service';
import { OptionSpec, parseArgs, UsageError } from './args';
import type { CliIo } from './command';
import { COMMANDS } from './commands';
import { processIo, reportInternalError } from './processIo';
import { cliVersion } from './version';
import { parseWorkerTuning } from '../inference/workerTuning';

export type { CliIo } from './command';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  help: { value: false },
  version: { value: false },
  json: { value: false },
  'models-dir': { value: true },
  mode: { value: true },
  server: { value: true },
  hub: { value: true },
  verbose: { value: false },
};

function help(): string {
  const commands = Object.values(COMMANDS)
    .map((c) => `  ${c.synopsis}`)
    .join('\n');
  return `local-focus: offline AI help for your workspace (the Local Focus engine from a terminal)

Usage: local-focus [global options] <command> [options]

Commands:
${commands}
  help                             this text

Global options:
  --json                 machine-readable output
  --models-dir <path>    models folder (default: $LOCAL_FOCUS_HOME/models or ~/.local-focus/models)
  --mode <mode>          auto | localOnly | cloudPreferred (default: $LOCAL_FOCUS_MODE or auto)
  --server <url>         a model server to use besides the detected ones, e.g. http://10.0.0.5:11434
                         (default: $LOCAL_FOCUS_SERVER); named here, its host counts as Local
  --hub <url>            the model hub \`models search\` asks: a mirror or an enterprise hub
                         (default: $LOCAL_FOCUS_HUB_URL, else https://huggingface.co)
  --verbose              print the engine's log lines to stderr
  -h, --help             show help
  -v, --version          print the version

Environment:
  LOCAL_FOCUS_HOME       data folder (models, indexes); default ~/.local-focus
  LOCAL_FOCUS_API_KEY    cloud API key (the editor keeps it in its secret storage instead)
  LOCAL_FOCUS_CLOUD_URL  OpenAI-compatible base URL (default https://openrouter.ai/api/v1)
  LOCAL_FOCUS_CLOUD_MODEL  cloud model name
  LOCAL_FOCUS_SERVER     a model server's URL, as --server
  LOCAL_FOCUS_HUB_URL    the model hub, as --hub
  HF_TOKEN               a Hugging Face token, for gated models (sent to the hub's own host only)

Exit codes: 0 success, 1 findings or a failure to act on, 2 bad usage.
`;
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
    localServer: cliLocalServer(options, env),
    hub: cliHub(options, env),
  };
}

/** The hub named by --hub or LOCAL_FOCUS_HUB_URL (checked where it is used), and HF_TOKEN. */
function cliHub(options: Record<string, string | boolean>, env: NodeJS.ProcessEnv): HubSettings {
  const url = (typeof options.hub === 'string' ? options.hub : env.LOCAL_FOCUS_HUB_URL)?.trim();
  const token = env.HF_TOKEN?.trim();
  return { ...(url ? { url } : {}), ...(token ? { token } : {}) };
}

/**
 * Detection on, plus the server named by --server or LOCAL_FOCUS_SERVER. The user named it on
 * their own command line (no workspace can), so its host counts as allowed by the trust rule.
 */
function cliLocalServer(options: Record<string, string | boolean>, env: NodeJS.ProcessEnv): LocalServerSettings {
  const raw = (typeof options.server === 'string' ? options.server : env.LOCAL_FOCUS_SERVER)?.trim();
  if (!raw) return { detect: true, allowHosts: [] };
  const base = serverBaseUrl(raw);
  if (!base) throw new UsageError(`--server must be an http(s) URL such as http://127.0.0.1:11434, not ${raw}`);
  return { detect: true, url: base, allowHosts: [new URL(base).hostname] };
}

/** The command name is the first word that is neither an option nor a global option's value. */
function findCommand(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return argv[i + 1];
    if (a.startsWith('-')) {
      const name = a.replace(/^--?/, '').split('=')[0]!;
      if (GLOBAL_OPTIONS[name]?.value && !a.includes('=')) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const name = findCommand(argv);
  const command = name ? COMMANDS[name] : undefined;
  let parsed;
  try {
    if (name && name !== 'help' && !command) throw new UsageError(`unknown command '${name}'`);
    parsed = parseArgs(argv, { ...GLOBAL_OPTIONS, ...(command?.options ?? {}) });
  } catch (err) {
    io.err(`local-focus: ${(err as Error).message}\nRun 'local-focus --help' for usage.\n`);
    return EXIT_USAGE;
  }
  const { options } = parsed;
  if (options.version) {
    io.out(`${cliVersion()}\n`);
    return EXIT_OK;
  }
  if (options.help || name === 'help' || !command) {
    io.out(help());
    return !command && !options.help && name !== 'help' ? EXIT_USAGE : EXIT_OK;
  }

  let service: WorkerService | undefined;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const config = cliConfig(options, io.env);
    const verbose = Boolean(options.verbose);
    const progressListeners = new Set<(p: ProgressParams) => void>();
    service = new WorkerService({
      log: (level, message) => {
        if (verbose || level === 'error') io.err(`[${level}] ${message}\n`);
      },
      status: () => undefined,
      progress: (p) => progressListeners.forEach((listener) => listener(p)),
    }, parseWorkerTuning(io.env), localFocusHome(io.env));
    service.configure(config);
    return await command.run({
      args: parsed.command.slice(1),
      options,
      repeated: parsed.repeated,
      json: Boolean(options.json),
      service,
      config,
      io,
      cwd: io.cwd ?? process.cwd(),
      signal: controller.signal,
      onProgress: (listener) => {
        progressListeners.add(listener);
        return () => progressListeners.delete(listener);
      },
    });
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`local-focus: ${err.message}\nRun 'local-focus --help' for usage.\n`);
      return EXIT_USAGE;
    }
    const e = toLocalFocusError(err);
    if (options.json) io.out(JSON.stringify({ error: e.toWire() }) + '\n');
    io.err(`local-focus: ${e.message}${e.message.includes(ERROR_INFO[e.code].sentence) ? '' : `\n${ERROR_INFO[e.code].sentence}`}\n`);
    return EXIT_FAILURE;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await service?.dispose();
  }
}

/** Runs the CLI on this process's arguments and sets the exit code; used by bin/local-focus.js. */
export function main(): void {
  runCli(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  }, reportInternalError);
}

if (require.main === module) main();
