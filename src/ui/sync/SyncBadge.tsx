import { syncStore, phaseLabel } from '../../stores/sync-status.ts';
import { useStore } from '../../stores/use-store.ts';
import { Link } from '../app/Link.tsx';

/** The header's sync state: phase and the count of changes not yet synced; opens the 同步 page. */
export function SyncBadge() {
  const status = useStore(syncStore, (s) => s.status);
  const kind = status.phase.kind;
  const tone =
    kind === 'error' || kind === 'login-required' || status.rejected > 0
      ? 'bad'
      : kind === 'offline'
        ? 'off'
        : status.pending > 0
          ? 'wait'
          : 'ok';
  const pending = status.pending > 0 ? `，${status.pending} 条待同步` : '';
  const text =
    kind === 'offline' ? '离线' : status.pending > 0 ? `待同步 ${status.pending}` : phaseShort(kind);
  return (
    <Link
      href="/sync"
      class={`sync-badge sync-${tone}`}
      aria-label={`同步状态：${phaseLabel(status.phase)}${pending}`}
    >
      <span aria-hidden="true" class="dot" />
      <span aria-hidden="true">{text}</span>
    </Link>
  );
}

function phaseShort(kind: string): string {
  switch (kind) {
    case 'pushing':
    case 'pulling':
      return '同步中';
    case 'synced':
      return '已同步';
    case 'error':
      return '同步出错';
    case 'login-required':
      return '需登录';
    case 'update-required':
      return '需更新';
    default:
      return '同步';
  }
}
