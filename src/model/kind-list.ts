/**
 * The record kinds, without their schemas: code on the first screen (the login screen asks the device database
 * whether it holds records of any kind, SPEC.md D2) names the kinds without loading zod (issue 9's budget).
 * `kinds.ts` pairs each with its schema.
 */
export const KINDS = ['person', 'visit', 'condolence', 'need', 'needStep', 'activity', 'conflict'] as const;
export type Kind = (typeof KINDS)[number];
