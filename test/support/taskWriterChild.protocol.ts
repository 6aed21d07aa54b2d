// Messages between the task-file kill tests and test/support/taskWriterChild.ts.
import type { Task, TaskStatus } from '../../src/core/tasks/task';

export type WriterOp =
  | { seq: number; kind: 'add'; task: Task }
  | { seq: number; kind: 'status'; id: string; status: TaskStatus }
  | { seq: number; kind: 'edit'; id: string; patch: Partial<Omit<Task, 'id'>>; seen?: Task }
  | { seq: number; kind: 'delete'; id: string };

export type WriterMessage = { type: 'batch'; ops: WriterOp[] };

export type WriterAck = { type: 'done'; seq: number; outcome: 'ok' | 'conflict' | 'error'; message?: string };
