import { ValidationError } from '../../db/repository.ts';
import { StorageError } from '../../db/errors.ts';

/**
 * Turns what a save threw into messages: schema failures go beside their fields (renamed where the form
 * field differs from the record field, e.g. cashFen → cash), storage failures into the form-level message.
 * Unknown throws become a generic message; nothing is rethrown, so the form keeps its values.
 */
export function saveErrors(
  e: unknown,
  rename: Record<string, string> = {},
): { fields: Record<string, string>; form: string | null } {
  if (e instanceof ValidationError) {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(e.fields)) fields[rename[k] ?? k] = v;
    return { fields, form: '有内容需要修改，请查看标红的项目。' };
  }
  if (e instanceof StorageError) return { fields: {}, form: e.message };
  return { fields: {}, form: '保存失败，请重试。已填写的内容仍在表单中。' };
}
