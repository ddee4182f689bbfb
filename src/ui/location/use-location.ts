import { useRef, useState } from 'preact/hooks';
import type { RecordLocation } from '../../model/records/location.ts';
import { locate } from './locate.ts';

const WANT_KEY = 'zf.recordLocation';

function wantedBefore(): boolean {
  try {
    return localStorage.getItem(WANT_KEY) === '1';
  } catch {
    return false;
  }
}

export interface LocationChoice {
  /** The worker ticked 记录位置 (remembered on this device for the next form). */
  readonly wanted: boolean;
  /** The last answer, or null while none has come (or none was asked for). */
  readonly value: RecordLocation | null;
  readonly pending: boolean;
  setWanted(on: boolean): void;
  /** Asks again (记录位置 tapped). */
  refresh(): void;
  /**
   * What a save stores: undefined when not wanted, else the answer — waiting for one still under way, which
   * settles within LOCATE_TIMEOUT_MS (locate.ts), so a save is never held longer.
   */
  settle(): Promise<RecordLocation | undefined>;
}

/** The 记录位置 choice of one new-record form (SPEC.md S11). */
export function useLocationChoice(): LocationChoice {
  const [wanted, setWantedState] = useState(wantedBefore);
  const [value, setValue] = useState<RecordLocation | null>(null);
  const [pending, setPending] = useState(false);
  const inFlight = useRef<Promise<RecordLocation> | null>(null);
  const latest = useRef<RecordLocation | null>(null);

  const ask = (): Promise<RecordLocation> => {
    if (inFlight.current) return inFlight.current;
    setPending(true);
    const p = locate().then((l) => {
      latest.current = l;
      inFlight.current = null;
      setValue(l);
      setPending(false);
      return l;
    });
    inFlight.current = p;
    return p;
  };

  return {
    wanted,
    value,
    pending,
    setWanted(on) {
      setWantedState(on);
      try {
        localStorage.setItem(WANT_KEY, on ? '1' : '0');
      } catch {
        // Storage refused (private mode): the choice lasts for this form only.
      }
      if (on && !latest.current) void ask();
    },
    refresh() {
      latest.current = null;
      void ask();
    },
    async settle() {
      if (!wanted) return undefined;
      return inFlight.current ?? latest.current ?? ask();
    },
  };
}
