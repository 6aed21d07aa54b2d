// Every feature's worker requests, registered on the service. One line per feature module:
// each module exports register<Feature>(service) and calls service.register for its methods.
import type { FeatureHost } from './featureHost';
import { registerModels } from './features/models';
import { registerNotes } from './features/notes';
import { registerReview } from './features/review';
import { registerTasks } from './features/tasks';

export function registerFeatures(service: FeatureHost): void {
  void service;
  registerModels(service);
  registerNotes(service);
  registerReview(service);
  registerTasks(service);
}
