// Every feature's worker requests, registered on the service. One line per feature module:
// each module exports register<Feature>(service) and calls service.register for its methods.
import type { WorkerService } from './service';
import { registerModels } from './features/models';
import { registerNotes } from './features/notes';
import { registerReview } from './features/review';
import { registerTasks } from './features/tasks';

export function registerFeatures(service: WorkerService): void {
  void service;
  registerModels(service);
  registerNotes(service);
  registerReview(service);
  registerTasks(service);
}
