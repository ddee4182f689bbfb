import { useStore } from '../../stores/use-store.ts';
import { STORAGE_PROBLEM_MESSAGES, clearStorageProblem, storageHealthStore } from './storage-health.ts';

/** The app-wide IndexedDB problem, if any (storage-health.ts), above everything, in plain Chinese. */
export function StorageBanner() {
  const problem = useStore(storageHealthStore, (s) => s.problem);
  if (problem === null) return null;
  const needsReload = problem === 'upgraded-elsewhere' || problem === 'closed';
  return (
    <div role="region" aria-label="本机存储提示" style={BANNER}>
      <p role="alert" style={{ margin: 0, flex: '1' }}>
        {STORAGE_PROBLEM_MESSAGES[problem]}
      </p>
      {needsReload ? (
        <button type="button" style={BUTTON} onClick={() => window.location.reload()}>
          刷新
        </button>
      ) : problem === 'quota-low' ? (
        <button type="button" style={BUTTON} onClick={clearStorageProblem}>
          知道了
        </button>
      ) : null}
    </div>
  );
}

const BANNER = {
  position: 'fixed',
  top: 0,
  left: 0,
  right: 0,
  zIndex: 1001,
  display: 'flex',
  alignItems: 'center',
  gap: '8px',
  padding: '10px 12px',
  background: '#fff3e0',
  color: '#5d1a00',
  borderBottom: '2px solid #b71c1c',
  fontSize: '16px',
} as const;
const BUTTON = {
  minHeight: '44px',
  padding: '0 12px',
  borderRadius: '8px',
  border: '1px solid #b71c1c',
  background: '#ffffff',
  color: '#b71c1c',
  fontSize: '16px',
} as const;
