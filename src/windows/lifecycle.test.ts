import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LifecycleFact, LifecyclePlatform, LifecycleStatus } from './lifecycle.js';
import {
  LIFECYCLE_FACTS,
  LIFECYCLE_PLATFORMS,
  buildLifecycle,
  currentDay,
  currentFacts,
  dayNumber,
  daysBetween,
  factOf,
  formatDay,
  lifecycleHistory,
  minorSupport,
  parseMinor,
  standingBuildLifecycle,
  statusOnDay,
} from './lifecycle.js';

/** `day` shifted by `delta` days. */
function shift(day: string, delta: number): string {
  return new Date((dayNumber(day)! + delta) * 86_400_000).toISOString().slice(0, 10);
}

describe('lifecycle catalogue data', () => {
  it('gives every fact a unique id, a known platform, a source URL and the day it was read', () => {
    const ids = LIFECYCLE_FACTS.map((f) => f.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
    for (const f of LIFECYCLE_FACTS) {
      assert.ok(LIFECYCLE_PLATFORMS.includes(f.platform), f.id);
      assert.match(f.source.url, /^https:\/\//, f.id);
      assert.ok(dayNumber(f.source.read) !== undefined, `${f.id}: read`);
      if (f.date !== undefined) assert.ok(dayNumber(f.date) !== undefined, `${f.id}: date ${f.date}`);
      if (f.source.published !== undefined) assert.ok(dayNumber(f.source.published) !== undefined, `${f.id}: published`);
      if (f.kind === 'max-minor' || f.kind === 'min-minor') assert.ok(parseMinor(f.minor), `${f.id}: minor`);
    }
  });

  it('points every supersededBy at a fact that exists', () => {
    const ids = new Set(LIFECYCLE_FACTS.map((f) => f.id));
    for (const f of LIFECYCLE_FACTS) if (f.source.supersededBy) assert.ok(ids.has(f.source.supersededBy), f.id);
  });

  it('keeps disagreeing older announcements as history and lets the later one stand', () => {
    assert.deepEqual(lifecycleHistory().map((f) => f.id).sort(), [
      'aks/17763/retired',
      'aks/25398/retired',
      'aks/26100/available/feature',
      'microsoft/14393/extended-end/release-info',
      'microsoft/19042/servicing-end/release-info',
    ]);
    assert.equal(factOf('microsoft', 19042, 'servicing-end')?.date, '2022-08-09');
    assert.equal(factOf('microsoft', 14393, 'extended-end')?.date, '2027-01-12');
    // The AKS changelog (published later) confirms the issue's date and stands in its place.
    assert.equal(factOf('aks', 17763, 'retired')?.source.url, 'https://github.com/Azure/AKS/pull/5798');
    assert.equal(factOf('aks', 17763, 'retired')?.date, '2026-03-01');
  });

  it('orders by publication day, whatever the order of the list', () => {
    const older: LifecycleFact = { id: 'aks/1/retired', platform: 'aks', build: 1, kind: 'retired', date: '2030-01-01', note: 'old', source: { url: 'https://a', read: '2026-11-30', published: '2024-01-01' } };
    const later: LifecycleFact = { ...older, id: 'aks/1/retired/b', date: '2031-01-01', source: { ...older.source, published: '2025-01-01' } };
    assert.equal(currentFacts([older, later])[0].date, '2031-01-01');
    assert.equal(currentFacts([later, older])[0].date, '2031-01-01');
  });
});

describe('day arithmetic', () => {
  it('counts whole days across month and leap-year boundaries', () => {
    assert.equal(daysBetween('2026-02-28', '2026-03-01'), 1);
    assert.equal(daysBetween('2028-02-28', '2028-03-01'), 2);
    assert.equal(daysBetween('2026-03-01', '2026-02-28'), -1);
  });
  it('rejects days that do not exist', () => {
    assert.equal(dayNumber('2026-02-30'), undefined);
    assert.equal(dayNumber('2026-3-1'), undefined);
    assert.throws(() => daysBetween('2026-13-01', '2026-01-01'));
  });
  it('formats a day for people and takes today from a given clock', () => {
    assert.equal(formatDay('2026-03-01'), '1 March 2026');
    assert.equal(currentDay(new Date('2026-11-30T23:59:59Z')), '2026-11-30');
  });
});

describe('status against --today', () => {
  const table: { end: string | undefined; today: string; expected: LifecycleStatus }[] = [
    { end: undefined, today: '2026-11-30', expected: 'supported' },
    { end: '2027-03-15', today: shift('2027-03-15', -181), expected: 'supported' },
    { end: '2027-03-15', today: shift('2027-03-15', -180), expected: 'retiring' },
    { end: '2027-03-15', today: shift('2027-03-15', -1), expected: 'retiring' },
    { end: '2027-03-15', today: '2027-03-15', expected: 'retired' },
    { end: '2027-03-15', today: shift('2027-03-15', 1), expected: 'retired' },
  ];
  for (const row of table) {
    it(`end ${row.end ?? 'none'}, today ${row.today}: ${row.expected}`, () => assert.equal(statusOnDay(row.end, row.today), row.expected));
  }

  // Before, on and after every standing end date of the catalogue.
  const ends = currentFacts().filter((f) => f.date !== undefined && (f.kind === 'retired' || f.kind === 'extended-end' || f.kind === 'servicing-end'));
  for (const f of ends) {
    const platform: LifecyclePlatform = f.platform === 'microsoft' ? 'upstream' : f.platform;
    const end = f.date!;
    it(`${f.id}: supported 181 days before ${end}, retiring the day before, retired on and after it`, () => {
      assert.equal(buildLifecycle(f.build, platform, shift(end, -181)).status, 'supported');
      assert.equal(buildLifecycle(f.build, platform, shift(end, -1)).status, 'retiring');
      assert.equal(buildLifecycle(f.build, platform, end).status, 'retired');
      assert.equal(buildLifecycle(f.build, platform, shift(end, 1)).status, 'retired');
      assert.equal(buildLifecycle(f.build, platform, shift(end, -1)).daysLeft, 1);
    });
  }
});

describe('buildLifecycle on 2026-11-30', () => {
  const today = '2026-11-30';
  const table: { build: number; platform: LifecyclePlatform; status: LifecycleStatus; endDate?: string; daysLeft?: number; imagesRemoved?: string; maxMinor?: string }[] = [
    { build: 17763, platform: 'aks', status: 'retired', endDate: '2026-03-01', daysLeft: -274, imagesRemoved: '2027-04-01', maxMinor: '1.32' },
    { build: 20348, platform: 'aks', status: 'retiring', endDate: '2027-03-15', daysLeft: 105, maxMinor: '1.34' },
    { build: 25398, platform: 'aks', status: 'retired', endDate: '2026-05-15', daysLeft: -199, imagesRemoved: '2027-05-15' },
    { build: 26100, platform: 'aks', status: 'supported' },
    { build: 14393, platform: 'aks', status: 'unknown' },
    { build: 17763, platform: 'eks', status: 'supported' },
    { build: 19042, platform: 'eks', status: 'retired', endDate: '2022-08-09', daysLeft: -1574 },
    { build: 18363, platform: 'gke', status: 'retired', endDate: '2022-08-09' },
    { build: 20348, platform: 'gke', status: 'supported' },
    { build: 17763, platform: 'upstream', status: 'supported', endDate: '2029-01-09' },
    { build: 14393, platform: 'upstream', status: 'retiring', endDate: '2027-01-12', daysLeft: 43 },
    { build: 19041, platform: 'upstream', status: 'retired', endDate: '2021-12-14' },
    { build: 16299, platform: 'upstream', status: 'retired', endDate: '2019-04-09' },
    { build: 17134, platform: 'upstream', status: 'retired', endDate: '2019-11-12' },
    { build: 22621, platform: 'upstream', status: 'unknown' },
  ];
  for (const row of table) {
    it(`${row.build} on ${row.platform}: ${row.status}`, () => {
      const got = buildLifecycle(row.build, row.platform, today);
      assert.equal(got.status, row.status);
      if (row.endDate !== undefined) assert.equal(got.endDate, row.endDate);
      if (row.daysLeft !== undefined) assert.equal(got.daysLeft, row.daysLeft);
      if (row.imagesRemoved !== undefined) assert.equal(got.imagesRemoved, row.imagesRemoved);
      if (row.maxMinor !== undefined) assert.equal(got.maxMinor, row.maxMinor);
    });
  }
  it('names the facts it rests on', () => {
    const got = buildLifecycle(17763, 'aks', today);
    assert.ok(got.facts.some((f) => f.source.url === 'https://github.com/Azure/AKS/issues/4091'));
  });
});

describe('minorSupport', () => {
  const table: { build: number; platform: LifecyclePlatform; version: string; supported: boolean; limit?: string }[] = [
    { build: 17763, platform: 'aks', version: 'v1.32.7', supported: true },
    { build: 17763, platform: 'aks', version: 'v1.33.0', supported: false, limit: '1.32' },
    { build: 20348, platform: 'aks', version: '1.34', supported: true },
    { build: 20348, platform: 'aks', version: '1.35.1', supported: false, limit: '1.34' },
    { build: 26100, platform: 'aks', version: '1.30.0', supported: true },
    { build: 26100, platform: 'eks', version: 'v1.34.2-eks-1', supported: false, limit: '1.35' },
    { build: 26100, platform: 'eks', version: 'v1.35.3-eks-2', supported: true },
    { build: 17763, platform: 'upstream', version: 'v1.40.0', supported: true },
    { build: 17763, platform: 'aks', version: 'not-a-version', supported: true },
  ];
  for (const row of table) {
    it(`${row.build} on ${row.platform} ${row.version}: ${row.supported ? 'supported' : `not supported (limit ${row.limit})`}`, () => {
      const got = minorSupport(row.build, row.platform, row.version);
      assert.equal(got.supported, row.supported);
      if (!got.supported) assert.equal(got.limit, row.limit);
    });
  }
});

describe('standingBuildLifecycle and successorBuilds remember one day at a time', () => {
  // Days around AKS's retirement of Windows Server 2022 (2027-03-15) and its 180-day window.
  const days = ['2026-09-15', '2026-09-16', '2027-03-14', '2027-03-15', '2026-09-15', '2027-03-15'];
  const cases: [number, LifecyclePlatform][] = [
    [17763, 'aks'],
    [20348, 'aks'],
    [25398, 'aks'],
    [17763, 'upstream'],
    [20348, 'eks'],
    [19042, 'gke'],
  ];

  it('answers as buildLifecycle does, whatever day was asked before', () => {
    for (const today of days) {
      for (const [build, platform] of cases) {
        assert.deepEqual(standingBuildLifecycle(build, platform, today), buildLifecycle(build, platform, today), `${build} on ${platform}, ${today}`);
      }
    }
  });

  it('moves on with the day: a status and its days left change from one day to the next', () => {
    const before = standingBuildLifecycle(20348, 'aks', '2026-09-15');
    const after = standingBuildLifecycle(20348, 'aks', '2026-09-16');
    assert.equal(before.status, 'supported');
    assert.equal(after.status, 'retiring');
    assert.equal(after.daysLeft, 180);
    assert.equal(standingBuildLifecycle(20348, 'aks', '2027-03-15').status, 'retired');
    // Asked again about the first day, after others: the first day's answer, not the last one's.
    assert.equal(standingBuildLifecycle(20348, 'aks', '2026-09-15').status, 'supported');
  });

});
