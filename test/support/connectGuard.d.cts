// Types for connectGuard.cjs (a plain CommonJS file, so that it can be loaded with --require
// into any Node process, the e2e tier's Node 24 code-server and extension host included).

export interface ConnectRecord {
  /** 'installed' once per process when the guard starts; the others are connection attempts. */
  kind: 'installed' | 'tcp' | 'udp';
  t: number;
  pid: number;
  ppid: number;
  /** Executable, script and flags of the recording process. */
  proc: string;
  host?: string;
  port?: number;
  /** A Unix socket or pipe. */
  path?: string;
  loopback?: boolean;
  tls?: boolean;
  /** The caller's frames, for connections that leave the machine. */
  stack?: string[];
  /** Node's version, on 'installed' records. */
  node?: string;
}

export declare const LOG_ENV: 'LOCAL_FOCUS_CONNECT_LOG';
export declare const guardPath: string;
export declare function install(logFile: string): () => void;
export declare function uninstall(): void;
export declare function isLoopback(host: string | undefined): boolean;
export declare function readRecords(logFile: string): ConnectRecord[];
export declare function remoteRecords(records: ConnectRecord[]): ConnectRecord[];
export declare function nodeOptions(existing?: string): string;
export declare function describeRecords(records: ConnectRecord[]): string;
