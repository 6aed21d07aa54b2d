// Messages between the extension host and the model manager webview (both directions typed here).
import { StatusReport } from './protocol';

export interface ModelRoleView {
  role: 'taskParsing' | 'codeReview' | 'embeddings';
  label: string;
  path: string;
  present: boolean;
}

export type HostToWebview =
  | { type: 'state'; status: StatusReport | undefined; workerDown?: string; modelsDir: string; roles: ModelRoleView[] };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'openModelsFolder' }
  | { type: 'showLog' }
  | { type: 'unloadAll' };
