// The environment for an npm command started from inside an npm script. npm exports its own
// settings to scripts as npm_config_* (and npm_package_*, npm_lifecycle_*, …); a nested npm reads
// them as if the user had passed them. The harm seen: code-server's postinstall read the outer
// npm's user agent ("node/v20") and refused to install under Node 24.
export function npmEnvForNestedRun(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD'));
}
