// The clock the task commands read dates against: --now and --tz when given (tests and
// benchmarks fix them), else this moment in the system's time zone. Shared by `tasks next` and
// `tasks summary`, so both refuse a bad value with the same words.
import { isValidTimeZone, systemTimeZone } from '../core/tasks/timeZone';
import { UsageError } from './args';
import type { CliContext } from './command';

export interface TaskClock {
  now: Date;
  timeZone: string;
}

export function taskClockOf(ctx: CliContext): TaskClock {
  const { now, tz } = ctx.options;
  if (typeof now === 'string' && Number.isNaN(new Date(now).getTime())) throw new UsageError('--now must be an ISO date-time such as 2026-03-10T09:30:00+01:00');
  if (typeof tz === 'string' && !isValidTimeZone(tz)) throw new UsageError(`--tz ${tz} is not a time zone; use an IANA name such as Europe/Berlin`);
  return { now: typeof now === 'string' ? new Date(now) : new Date(), timeZone: typeof tz === 'string' ? tz : systemTimeZone() };
}
