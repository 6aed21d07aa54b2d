// Each feature of the extension (tasks, notes search, review, model manager, walkthrough) activates
// from here with the same small API, so extension.ts stays thin and features never edit each
// other's files.
import type { Feature } from './featureApi';
import { modelManagerFeature } from './modelManagerView';
import { tasksFeature } from './tasks/tasksFeature';
import { notesFeature } from './notes/notesFeature';
import { reviewFeature } from './review/reviewFeature';
import { walkthroughFeature } from './walkthrough/walkthroughFeature';

/** One line per feature module. */
export const FEATURES: Feature[] = [modelManagerFeature, reviewFeature, tasksFeature, notesFeature, walkthroughFeature];
