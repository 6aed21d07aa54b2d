// A writer of the task file for the kill tests: a separate process that applies the operations its
// parent sends through the real TaskStore (atomic write: temp file, fsync, rename), one after
// another, and acknowledges each. The parent SIGKILLs it at random moments.
//
// Run with tsx: fork('test/support/taskWriterChild.ts', [taskFile], { execArgv: ['--import', 'tsx'] }).
// IPC in:  { type: 'batch', ops: WriterOp[] }
// IPC out: { type: 'ready' } once the file was read, then { type: 'done', seq, outcome } per op.
import { TaskFileConflictError, TaskStore } from '../../src/core/tasks/taskStore';
import { WRITER_NOW, type WriterAck, type WriterMessage, type WriterOp } from './taskWriterChild.protocol';

const filePath = process.argv[2];
if (!filePath || !process.send) {
  console.error('usage: fork taskWriterChild.ts <task file> (with an IPC channel)');
  process.exit(2);
}

const store = new TaskStore({ filePath, now: () => WRITER_NOW });

function send(message: WriterAck | { type: 'ready' }): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, undefined, () => resolve()));
}

async function apply(op: WriterOp): Promise<void> {
  switch (op.kind) {
    case 'add':
      await store.addTask(op.task);
      return;
    case 'status':
      await store.setStatus(op.id, op.status);
      return;
    case 'edit':
      await store.editTask(op.id, op.patch, op.seen);
      return;
    case 'delete':
      await store.deleteTask(op.id);
      return;
  }
}

let queue = Promise.resolve();
process.on('message', (message: WriterMessage) => {
  if (message.type !== 'batch') return;
  // Operations of later batches wait for the earlier ones, as one user's commands would.
  queue = queue.then(async () => {
    for (const op of message.ops) {
      let ack: WriterAck;
      try {
        await apply(op);
        ack = { type: 'done', seq: op.seq, outcome: 'ok' };
      } catch (err) {
        ack = { type: 'done', seq: op.seq, outcome: err instanceof TaskFileConflictError ? 'conflict' : 'error', message: (err as Error).message };
      }
      await send(ack);
    }
  });
});
process.on('disconnect', () => process.exit(0));

// Read first, as the editor does at start: the store then holds a snapshot an outside edit makes stale.
void store.read().then(() => send({ type: 'ready' }));
