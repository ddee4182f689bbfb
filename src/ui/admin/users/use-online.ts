import { useEffect, useState } from 'preact/hooks';

/**
 * navigator.onLine as state. Hazard: it only says whether a network exists, not whether the server answers;
 * a failed request is reported as offline by the admin client as well.
 */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => typeof navigator === 'undefined' || navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    addEventListener('online', update);
    addEventListener('offline', update);
    return () => {
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return online;
}
