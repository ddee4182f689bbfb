/**
 * Draft keys name a form instance; the home screen turns them back into the screen that resumes them.
 * Kept free of zod and repositories: the home screen imports this.
 */
export const DRAFT_FORMS = {
  person: '服务对象',
  visit: '走访记录',
  condolence: '慰问记录',
  need: '困难需求',
  activity: '志愿服务活动',
  needStatus: '帮扶进度',
} as const;
export type DraftForm = keyof typeof DRAFT_FORMS;

export const draftKey = {
  personNew: () => 'person:new',
  personEdit: (id: string) => `person:edit:${id}`,
  visitNew: (personId: string) => `visit:new:${personId}`,
  condolenceNew: (personId: string | null) => `condolence:new:${personId ?? 'unit'}`,
  needNew: (personId: string) => `need:new:${personId}`,
  activityNew: () => 'activity:new',
  needStatus: (needId: string) => `needStatus:${needId}`,
  /** 修改 of a stored visit, condolence or activity (its record screen's edit form). */
  recordEdit: (kind: 'visit' | 'condolence' | 'activity', id: string) => `${kind}:edit:${id}`,
};

/** The screen that resumes a draft, or null for an unknown key. */
export function draftRoute(key: string): string | null {
  const [form, mode, id] = key.split(':');
  if ((form === 'visit' || form === 'condolence' || form === 'activity') && mode === 'edit' && id) {
    return `/records/${form}/${id}/edit`;
  }
  if (form === 'person' && mode === 'new') return '/persons/new';
  if (form === 'person' && mode === 'edit' && id) return `/persons/${id}/edit`;
  if (form === 'visit' && id) return `/persons/${id}/visit/new`;
  if (form === 'condolence' && id === 'unit') return '/condolences/new';
  if (form === 'condolence' && id) return `/persons/${id}/condolence/new`;
  if (form === 'need' && id) return `/persons/${id}/need/new`;
  if (form === 'activity') return '/activities/new';
  if (form === 'needStatus' && mode) return `/needs/${mode}`;
  return null;
}

export function draftLabel(form: string): string {
  return (DRAFT_FORMS as Record<string, string>)[form] ?? '表单';
}
