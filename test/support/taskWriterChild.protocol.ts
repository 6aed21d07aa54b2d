// Messages between the task-file kill tests and test/support/taskWriterChild.ts.
import type { Task, TaskStatus } from '../../src/core/tasks/task';

/**
 * The writer's clock, fixed: its store stamps `done=` on a status change, and the parent's oracle
 * must write the same stamp to know every version the file may hold.
 */
export const WRITER_NOW = new Date('2026-03-10T10:00:00Z');

export type WriterOp =
  | { seq: number; kind: 'add'; task: Task }
  | { seq: number; kind: 'status'; id: string; status: TaskStatus }
  | { seq: number; kind: 'edit'; id: string; patch: Partial<Omit<Task, 'id'>>; seen?: Task }
  | { seq: number; kind: 'delete'; id: string };

export type WriterMessage = { type: 'batch'; ops: WriterOp[] };

export type WriterAck = { type: 'done'; seq: number; outcome: 'ok' | 'conflict' | 'error'; message?: string };
