import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, formatCpu, integerValue, milliValue, parseQuantity } from './quantity.js';

// Modelled on apimachinery quantity_test.go (TestQuantityParse and its invalid table).
describe('parseQuantity', () => {
  const valid: { input: string | number; expected: number }[] = [
    { input: '0', expected: 0 },
    { input: '1', expected: 1 },
    { input: '100m', expected: 0.1 },
    { input: '1.5', expected: 1.5 },
    { input: '.5', expected: 0.5 },
    { input: '5.', expected: 5 },
    { input: '1k', expected: 1000 },
    { input: '1M', expected: 1e6 },
    { input: '2G', expected: 2e9 },
    { input: '1T', expected: 1e12 },
    { input: '1P', expected: 1e15 },
    { input: '1E', expected: 1e18 },
    { input: '1n', expected: 1e-9 },
    { input: '1u', expected: 1e-6 },
    { input: '1Ki', expected: 1024 },
    { input: '1.5Gi', expected: 1.5 * 2 ** 30 },
    { input: '128974848', expected: 128974848 },
    { input: '129e6', expected: 129e6 },
    { input: '129E6', expected: 129e6 },
    { input: '1e-3', expected: 0.001 },
    { input: '1e+3', expected: 1000 },
    { input: '-2Mi', expected: -2 * 2 ** 20 },
    { input: '+3', expected: 3 },
    { input: ' 2Gi ', expected: 2 * 2 ** 30 },
    { input: 3, expected: 3 },
    { input: 0.25, expected: 0.25 },
    { input: 1e21, expected: 1e21 },
  ];
  for (const { input, expected } of valid) {
    it(`reads ${JSON.stringify(input)} as ${expected}`, () => assert.equal(parseQuantity(input), expected));
  }

  const invalid: unknown[] = ['', ' ', '1K', '1ki', '1mi', '1e', '1.5.5', '1 Gi', '1Gb', 'abc', '1m3', '--1', true, null, undefined, Number.NaN, {}];
  for (const input of invalid) {
    it(`rejects ${JSON.stringify(input) ?? String(input)}`, () => assert.equal(parseQuantity(input), undefined));
  }
});

describe('milliValue and integerValue', () => {
  it('counts "100m" as exactly 100 millicores', () => assert.equal(milliValue('100m'), 100));
  it('counts "0.1" cpu as 100 millicores without float error', () => assert.equal(milliValue('0.1'), 100));
  it('counts whole cores in millicores', () => assert.equal(milliValue(2), 2000));
  it('rounds sub-millicore cpu up to a whole millicore', () => assert.equal(milliValue('0.1m'), 1));
  it('rounds fractional bytes up', () => assert.equal(integerValue('0.5'), 1));
  it('reads memory in bytes', () => assert.equal(integerValue('200Mi'), 209715200));
  it('reads decimal memory in bytes', () => assert.equal(integerValue('1.5G'), 1500000000));
  it('returns undefined for malformed input', () => assert.equal(milliValue('lots'), undefined));
});

describe('formatting', () => {
  const bytes: { input: number; expected: string }[] = [
    { input: 512, expected: '512 B' },
    { input: 1024, expected: '1 KiB' },
    { input: 200 * 2 ** 20, expected: '200 MiB' },
    { input: 3.1 * 2 ** 30, expected: '3.1 GiB' },
    { input: 1023.99 * 2 ** 20, expected: '1 GiB' },
  ];
  for (const { input, expected } of bytes) {
    it(`formats ${input} bytes as "${expected}"`, () => assert.equal(formatBytes(input), expected));
  }
  it('formats millicores in Kubernetes notation', () => {
    assert.equal(formatCpu(500), '500m');
    assert.equal(formatCpu(2000), '2');
    assert.equal(formatCpu(1500), '1500m');
    assert.equal(formatCpu(0), '0');
  });
});
