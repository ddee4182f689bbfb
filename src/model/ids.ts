import { v7 as uuidv7 } from 'uuid';

/**
 * Client-generated, time-ordered record ids (UUIDv7). Made on the device so a record exists before any
 * server has seen it; time-ordered so indexes stay append-mostly. The embedded time is the device's and is
 * never used for ordering sync (device clocks drift by hours): the server version is.
 */
export function newId(): string {
  return uuidv7();
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
