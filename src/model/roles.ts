import type { Role } from './vocab.ts';

/**
 * What each role may do beyond its area (the area itself: SPEC.md S1–S3), in one place for the server, which
 * enforces it, and the device, which only shows what the server will allow.
 */

/** The district admin: users, the org tree, imports. */
export const ADMIN_ROLES: readonly Role[] = ['district_admin'];

/** Staff above the community: the 报表 figures of their unit (the server refuses others) and the 编辑冲突 review. */
export const STAFF_ROLES: readonly Role[] = ['street_staff', 'district_admin'];

/**
 * Roles that get whole ID numbers and mobiles in exports (PIPL art. 51, docs/domain.md): the district admin and
 * street staff keep the registry and contact persons across communities; community workers and team leaders
 * get `340524********001X` / `138****1234`.
 */
export const WHOLE_ID_ROLES: ReadonlySet<Role> = new Set(['district_admin', 'street_staff']);

/**
 * Roles that see where a record was saved (SPEC.md S11, PIPL art. 28): on the record screen, in pulls and in
 * exports. Others — the worker who saved it included — see only that a location was recorded.
 */
export const LOCATION_ROLES: ReadonlySet<Role> = new Set(['district_admin', 'street_staff']);
