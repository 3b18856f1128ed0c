import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeStatus, describeStatus, statusCodesIn } from './hresult.js';

describe('Windows status codes', () => {
  it('decodes an HCS HRESULT and its NTSTATUS form to the same symbolic name', () => {
    const hresult = decodeStatus(0x80370101);
    assert.deepEqual([hresult.kind, hresult.facility.code, hresult.code, hresult.name], ['HRESULT', 0x37, 0x101, 'HCS_E_IMAGE_MISMATCH']);
    const ntstatus = decodeStatus(0xc0370101);
    assert.deepEqual([ntstatus.kind, ntstatus.facility.code, ntstatus.name], ['NTSTATUS', 0x37, 'HCS_E_IMAGE_MISMATCH']);
  });

  it('decodes HCN codes and Win32 codes wrapped in an HRESULT', () => {
    assert.equal(decodeStatus(0x803b0007).name, 'HCN_E_PORT_NOT_FOUND');
    assert.equal(decodeStatus(0x803b0007).facility.code, 0x3b);
    const wrapped = decodeStatus(0x80070002);
    assert.deepEqual([wrapped.facility.name, wrapped.name], ['FACILITY_WIN32', 'ERROR_FILE_NOT_FOUND']);
  });

  it('names NTSTATUS facilities as ntstatus.h does, and reads an NTSTATUS carried as an HRESULT (HRESULT_FROM_NT)', () => {
    assert.deepEqual([decodeStatus(0xc0020017).facility.name, decodeStatus(0xc0020017).name], ['FACILITY_RPC_RUNTIME', 'RPC_NT_SERVER_UNAVAILABLE']);
    const wrapped = decodeStatus(0xd0020017);
    assert.deepEqual([wrapped.kind, wrapped.name], ['HRESULT', 'RPC_NT_SERVER_UNAVAILABLE']);
    assert.match(wrapped.facility.name, /FACILITY_NT_BIT: the NTSTATUS 0xc0020017/);
    assert.match(decodeStatus(0xe0000001).facility.name, /^customer-defined/);
  });

  it('decodes bare Win32 codes and says when a code has no known name', () => {
    assert.deepEqual([decodeStatus(0x57).kind, decodeStatus(0x57).name], ['Win32', 'ERROR_INVALID_PARAMETER']);
    const unknown = decodeStatus(0x803b00ff);
    assert.equal(unknown.name, undefined);
    assert.match(describeStatus(unknown), /0x803b00ff: HRESULT, FACILITY_HCN .* code 0xff — no symbolic name known/);
  });

  it('finds codes in parentheses, JSON ErrorCode fields, winapi errors and negative exit codes, once each', () => {
    const text = 'hcnCreateLoadBalancer failed in Win32: The switch-port was not found. (0x803b0007) {"ErrorCode":2151350279} winapi error #3489792023. Exit Code: -1073741515';
    assert.deepEqual(statusCodesIn(text).map((c) => c.hex), ['0x803b0007', '0xd0020017', '0xc0000135']);
    assert.equal(statusCodesIn(text)[2].name, 'STATUS_DLL_NOT_FOUND');
  });
});
