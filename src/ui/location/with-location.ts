import type { RecordLocation } from '../../model/records/location.ts';
import type { LocationChoice } from './use-location.ts';

/** A new record's input with the 记录位置 answer added when the worker asked for one (SPEC.md S11). */
export async function withLocation<T extends object>(
  choice: LocationChoice,
  input: T,
): Promise<T & { location?: RecordLocation }> {
  const location = await choice.settle();
  return location ? { ...input, location } : input;
}
