// Every feature's worker requests, registered on the service. One line per feature module:
// each module exports register<Feature>(service) and calls service.register for its methods.
import type { WorkerService } from './service';

export function registerFeatures(service: WorkerService): void {
  void service;
}
