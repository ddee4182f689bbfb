import { locationText } from '../../model/records/location.ts';
import { LOCATE_TIMEOUT_MS } from './locate.ts';
import type { LocationChoice } from './use-location.ts';

/**
 * 记录位置 on a new visit, 慰问, need or activity (SPEC.md S11). Optional: the record saves whatever the answer.
 * The worker sees the fix's accuracy here, at the door; on the record screen only staff see the place.
 */
export function LocationField({ choice }: { choice: LocationChoice }) {
  const status = !choice.wanted
    ? '不记录位置'
    : choice.pending
      ? `正在获取位置…（最多等 ${LOCATE_TIMEOUT_MS / 1000} 秒，不影响保存）`
      : choice.value
        ? choice.value.status === 'ok'
          ? `已获取位置（±${choice.value.accuracyM} 米）`
          : locationText(choice.value)
        : '保存时获取位置';
  return (
    <div class="field">
      <div class="inline">
        <label>
          <input
            type="checkbox"
            checked={choice.wanted}
            onChange={(e) => choice.setWanted(e.currentTarget.checked)}
          />{' '}
          记录位置
        </label>
        {choice.wanted && !choice.pending && (
          <button type="button" class="btn" onClick={() => choice.refresh()}>
            重新定位
          </button>
        )}
      </div>
      <p role="status" class="muted small" data-testid="location-status">
        {status}
      </p>
      <p class="muted small">位置仅街道、区级工作人员可见。</p>
    </div>
  );
}
