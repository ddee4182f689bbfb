import type { Person } from '../../src/model/records/person.ts';
import type { Visit } from '../../src/model/records/visit.ts';
import type { Condolence } from '../../src/model/records/condolence.ts';
import type { Need, NeedStep } from '../../src/model/records/need.ts';
import type { Activity } from '../../src/model/records/activity.ts';
import { idCheckChar } from '../../src/model/id-number.ts';

/** Record builders for report and worklist tests: valid shapes, deterministic ids. */
let counter = 0;
export function fid(): string {
  counter++;
  return `00000000-0000-7000-8000-${String(counter).padStart(12, '0')}`;
}

const BASE = { createdAt: '2023-01-01T00:00:00Z', createdBy: 'u1', updatedAt: '2023-01-01T00:00:00Z' };

/** A valid 18-digit ID number for sequence n (male when n is odd). */
export function idNumberFor(n: number, birth = '19800101'): string {
  const first17 = `440310${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

export function person(communityId: string, over: Partial<Person> = {}): Person {
  return {
    ...BASE,
    id: fid(),
    name: '张建国',
    sex: '男',
    idNumber: idNumberFor(1),
    mobile: null,
    address: '',
    communityId,
    categories: ['退役士兵'],
    priorityFlags: [],
    contactTier: '普遍联系',
    householdNotes: '',
    status: '在册',
    receivedDate: null,
    ...over,
  };
}

export function visit(communityId: string, date: string, over: Partial<Visit> = {}): Visit {
  return {
    ...BASE,
    id: fid(),
    personId: fid(),
    communityId,
    date,
    visitors: '李社工',
    campaign: '大走访',
    trigger: null,
    method: '入户走访',
    situation: '',
    needsRaised: '',
    actionTaken: '',
    followUpDate: null,
    photos: [],
    gps: null,
    ...over,
  };
}

export function condolence(communityId: string, date: string, over: Partial<Condolence> = {}): Condolence {
  return {
    ...BASE,
    id: fid(),
    personId: fid(),
    unitName: null,
    communityId,
    occasion: '春节',
    level: '社区',
    cashFen: 0,
    goods: '',
    goodsValueFen: 0,
    fundsSource: '',
    date,
    visitors: '李社工',
    notes: '',
    photos: [],
    ...over,
  };
}

export function need(communityId: string, openedDate: string, over: Partial<Need> = {}): Need {
  return {
    ...BASE,
    id: fid(),
    personId: fid(),
    communityId,
    category: '物质援助',
    urgency: '一般',
    description: '生活困难',
    status: '登记',
    fundSource: null,
    amountGrantedFen: null,
    grantDate: null,
    declineReason: null,
    followUpDate: null,
    openedDate,
    closedDate: null,
    ...over,
  };
}

export function needStep(n: Need, to: NeedStep['to'], date: string): NeedStep {
  return {
    ...BASE,
    id: fid(),
    needId: n.id,
    personId: n.personId,
    communityId: n.communityId,
    from: null,
    to,
    date,
    note: '',
    byName: '王主任',
    fundSource: null,
    amountFen: null,
  };
}

export function activity(unitId: string, date: string, over: Partial<Activity> = {}): Activity {
  return {
    ...BASE,
    id: fid(),
    teamId: `team-${unitId}`,
    unitId,
    theme: '文明出行',
    warmServiceKind: null,
    title: '文明出行宣传',
    date,
    place: '坪山广场',
    volunteerCount: 1,
    volunteerNames: [],
    hours: 1,
    peopleServed: 0,
    notes: '',
    photos: [],
    ...over,
  };
}
