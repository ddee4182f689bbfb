import { describe, expect, it } from 'vitest';
import { OrgIndex, pingshanTree } from '../../src/model/org.ts';

/** OrgIndex.subtree is the one computation of a unit's area: the server's scope, its reports and the device's offline report. */
const org = new OrgIndex(pingshanTree());
const district = org.root?.id ?? '';
const street = org.tree.units.find((u) => u.name === '坪山街道')?.id ?? '';
const community = org.tree.units.find((u) => u.name === '六联社区')?.id ?? '';

describe('the org subtree', () => {
  it('of a street is the street, then its four communities', () => {
    const ids = org.subtree(street);
    expect(ids[0]).toBe(street);
    expect(ids.slice(1).map((id) => org.byId.get(id)?.name)).toEqual([
      '六联社区',
      '六和社区',
      '坪山社区',
      '和平社区',
    ]);
  });

  it('of the district is every unit, each parent before its children', () => {
    const ids = org.subtree(district);
    expect(new Set(ids)).toEqual(new Set(org.tree.units.map((u) => u.id)));
    for (const id of ids) {
      const parent = org.byId.get(id)?.parentId;
      if (parent != null) expect(ids.indexOf(parent)).toBeLessThan(ids.indexOf(id));
    }
  });

  it('of a community is itself; of an unknown unit, nothing', () => {
    expect(org.subtree(community)).toEqual([community]);
    expect(org.subtree('nowhere')).toEqual([]);
  });

  it('gives the communities of an area', () => {
    expect(org.communitiesOf(street)).toHaveLength(4);
    expect(org.communitiesOf(district)).toHaveLength(23);
    expect(org.communitiesOf(community)).toEqual([community]);
  });
});
