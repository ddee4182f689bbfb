import type { RequestError } from '../../../net/errors.ts';

/**
 * A failed admin call, said plainly: 需要联网 when the server cannot be reached (admin changes are never
 * queued), else the server's message with its listed problems or usernames. Shared by 用户管理 and 组织架构.
 */
export function AdminNotice({ error, onRetry }: { error: RequestError; onRetry?: () => void }) {
  const problems = listed(error.details);
  return (
    <div class="notice notice-error" role="alert">
      <p>{error.message}</p>
      {problems.length > 0 && (
        <ul>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" class="btn" onClick={onRetry}>
          重试
        </button>
      )}
    </div>
  );
}

/** `details.problems` (org validation) or `details.usernames` (users a tree change would strand). */
function listed(details: unknown): string[] {
  if (typeof details !== 'object' || details === null) return [];
  const d = details as { problems?: unknown; usernames?: unknown };
  if (Array.isArray(d.problems)) return d.problems.filter((p): p is string => typeof p === 'string').slice(1);
  if (Array.isArray(d.usernames)) {
    const names = d.usernames.filter((p): p is string => typeof p === 'string');
    return names.length ? [`涉及用户：${names.join('、')}`] : [];
  }
  return [];
}
