import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWindowsVersion } from './builds.js';
import { compatibleRangeText, hostRunsImage } from './compat.js';

// containerd/platforms checkWindowsHostAndContainerCompat (https://github.com/containerd/platforms/blob/main/platform_windows_compat.go), as a table.
const cases: { name: string; host: string; image: string; runs: boolean }[] = [
  { name: 'a 2019 host runs a 2019 image of another revision', host: '10.0.17763.6893', image: '10.0.17763.1', runs: true },
  { name: 'a 2019 host refuses a 2022 image', host: '10.0.17763', image: '10.0.20348', runs: false },
  { name: 'a 2022 host refuses a 2019 image', host: '10.0.20348', image: '10.0.17763', runs: false },
  { name: 'a 2022 host runs a 2022 image', host: '10.0.20348.3807', image: '10.0.20348.2582', runs: true },
  { name: 'a 2022 host refuses a 2025 image (no host runs a newer image)', host: '10.0.20348', image: '10.0.26100', runs: false },
  { name: 'a 2025 host runs a 2022 image', host: '10.0.26100', image: '10.0.20348', runs: true },
  { name: 'a 2025 host runs a 2025 image', host: '10.0.26100', image: '10.0.26100.4061', runs: true },
  { name: 'a 2025 host refuses a 2019 image', host: '10.0.26100', image: '10.0.17763', runs: false },
  { name: 'a 23H2 host runs a 2022 image', host: '10.0.25398', image: '10.0.20348', runs: true },
  { name: 'a 23H2 host refuses a 2025 image', host: '10.0.25398', image: '10.0.26100', runs: false },
  { name: 'a Windows 11 22H2 host runs a 2022 image', host: '10.0.22621', image: '10.0.20348', runs: true },
  { name: 'a 2016 host runs only 2016 images', host: '10.0.14393', image: '10.0.17763', runs: false },
  { name: 'a different major.minor never runs', host: '10.0.20348', image: '6.3.20348', runs: false },
];

describe('which image builds a Windows host runs (containerd rule)', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(hostRunsImage(parseWindowsVersion(c.host), parseWindowsVersion(c.image)), c.runs);
    });
  }
  it('an unknown version on either side matches, as an empty os.version does', () => {
    assert.equal(hostRunsImage(undefined, parseWindowsVersion('10.0.17763')), true);
    assert.equal(hostRunsImage(parseWindowsVersion('10.0.20348'), undefined), true);
  });
  it('describes the range a host accepts', () => {
    assert.equal(compatibleRangeText(20348), '10.0.20348');
    assert.equal(compatibleRangeText(26100), '10.0.20348–10.0.26100');
    assert.equal(compatibleRangeText(17763), '10.0.17763');
  });
});
