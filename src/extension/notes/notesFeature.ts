// Notes search as an extension feature: the background indexer that keeps each folder's index
// current, and the commands (Search Notes, Find Related Notes, Ask Notes, pause and resume indexing, reindex).
import * as vscode from 'vscode';
import type { Feature } from '../featureApi';
import { askNotes, ASK_COMMAND } from './askNotesPanel';
import { NotesIndexer, PAUSE_COMMAND, RESUME_COMMAND } from './notesIndexer';
import { NotesSearchPick } from './notesSearchPick';

export const SEARCH_COMMAND = 'localFocus.notes.search';
export const RELATED_COMMAND = 'localFocus.notes.findRelated';
export const REINDEX_COMMAND = 'localFocus.notes.reindex';

export const notesFeature: Feature = (api) => {
  const indexer = new NotesIndexer(api);
  const pick = new NotesSearchPick(api, indexer);
  indexer.start();
  return [
    indexer,
    vscode.commands.registerCommand(SEARCH_COMMAND, () => pick.search()),
    vscode.commands.registerCommand(RELATED_COMMAND, () => pick.related()),
    vscode.commands.registerCommand(ASK_COMMAND, () => askNotes(api)),
    vscode.commands.registerCommand(PAUSE_COMMAND, () => indexer.pause()),
    vscode.commands.registerCommand(RESUME_COMMAND, () => indexer.resume()),
    vscode.commands.registerCommand(REINDEX_COMMAND, () => {
      indexer.resume();
      indexer.scheduleFull(0);
    }),
  ];
};
