declare const __LOCAL_FOCUS_VERSION__: string | undefined;

/** The package version, injected by esbuild; '0.0.0-dev' when run from source (tests). */
export function cliVersion(): string {
  return typeof __LOCAL_FOCUS_VERSION__ === 'string' ? __LOCAL_FOCUS_VERSION__ : '0.0.0-dev';
}
