// Every feature's worker requests, registered on the service. One line per feature module:
// each module exports register<Feature>(service) and calls service.register for its methods. What a
// feature takes from the worker besides the FeatureHost comes in `deps`, one field per feature.
import type { FeatureHost } from './featureHost';
import { registerModels } from './features/models';
import { registerNotes, type NotesDeps } from './features/notes';
import { registerNotesAsk } from './features/notesAsk';
import { registerReview } from './features/review';
import { registerTasks } from './features/tasks';

export interface FeatureDeps {
  notes?: NotesDeps;
}

export function registerFeatures(service: FeatureHost, deps: FeatureDeps = {}): void {
  registerModels(service);
  registerNotes(service, deps.notes);
  registerNotesAsk(service);
  registerReview(service);
  registerTasks(service);
}
