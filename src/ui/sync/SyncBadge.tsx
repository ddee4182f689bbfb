import { syncStore, statusWords } from '../../stores/sync-status.ts';
import { useStore } from '../../stores/use-store.ts';
import { Link } from '../app/Link.tsx';

/**
 * The header's sync state (SPEC.md C8): the phase in the same words as 首页 and 同步, and 有 N 条未同步 in every
 * phase while the outbox is not empty; opens the 同步 page.
 */
export function SyncBadge() {
  const status = useStore(syncStore, (s) => s.status);
  const kind = status.phase.kind;
  const tone =
    kind === 'error' || kind === 'login-required' || kind === 'update-required' || status.rejected > 0
      ? 'bad'
      : kind === 'offline' || kind === 'unreachable'
        ? 'off'
        : status.pending > 0 || kind === 'pushing' || kind === 'pulling'
          ? 'wait'
          : 'ok';
  const words = statusWords(status);
  // An error's message belongs on the 同步 page; the header keeps to two short lines.
  const phase = kind === 'error' ? '同步出错' : words.phase;
  const label = words.pending === null ? phase : `${phase}，${words.pending}`;
  return (
    <Link href="/sync" class={`sync-badge sync-${tone}`} aria-label={`同步状态：${label}`}>
      <span aria-hidden="true" class="dot" />
      <span aria-hidden="true" class="sync-words">
        <span>{phase}</span>
        {words.pending !== null && <span class="sync-pending">{words.pending}</span>}
      </span>
    </Link>
  );
}
