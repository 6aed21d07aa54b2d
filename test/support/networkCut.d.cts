// Types for networkCut.cjs.
export type NetworkCut = { ok: true; unshareArgs: string[]; loUp: string; how: string } | { ok: false; reason: string };
export declare function probeNetworkCut(): NetworkCut;
export declare function wrapWithNetworkCut(cmd: string, args: string[]): string[];
