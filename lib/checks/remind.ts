import { passed } from './result';
import type { Check } from './types';

/** Remind Me: nothing to probe; every run succeeds and carries the message the alerting layer sends. */
export const checkRemind: Check<'remind'> = async (monitor) => passed(monitor.message, { reminder: true });
