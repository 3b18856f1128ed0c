// Windows status codes as they appear in container errors: HRESULTs (0x8xxxxxxx, e.g. the HCS and HCN
// codes 0x8037…/0x803b…), NTSTATUS-style codes (0xCxxxxxxx, e.g. 0xc0370101, and the exit codes of
// crashed Windows processes printed as negative decimals), and bare Win32 error codes ("(0x2)").
// Layouts: HRESULT = S(1) R(1) C(1) N(1) X(1) facility(11) code(16); NTSTATUS = Sev(2) C(1) R(1)
// facility(12) code(16) (learn.microsoft.com/openspecs/windows_protocols/ms-erref, read 2026-11-30).
// Symbolic names: winerror.h / ntstatus.h as published in the Windows SDK, and the HCS and HCN error
// code references (learn.microsoft.com/virtualization/api/hcs/reference/hcshresult, read 2026-11-30).

export type CodeKind = 'HRESULT' | 'NTSTATUS' | 'Win32';

export interface DecodedCode {
  /** As written in the message, normalised: "0x80370101". */
  hex: string;
  kind: CodeKind;
  facility: { code: number; name: string };
  /** The low 16 bits. */
  code: number;
  /** Symbolic name, when known: "HCS_E_IMAGE_MISMATCH". */
  name?: string;
  /** Windows' text for it, when known. */
  text?: string;
}

const FACILITIES: ReadonlyMap<number, string> = new Map([
  [0, 'FACILITY_NULL'],
  [1, 'FACILITY_RPC'],
  [2, 'FACILITY_DISPATCH'],
  [3, 'FACILITY_STORAGE'],
  [4, 'FACILITY_ITF'],
  [7, 'FACILITY_WIN32'],
  [8, 'FACILITY_WINDOWS'],
  [9, 'FACILITY_SECURITY'],
  [11, 'FACILITY_CERT'],
  [12, 'FACILITY_INTERNET'],
  [0x37, 'FACILITY_VMCOMPUTE (Host Compute Service)'],
  [0x3b, 'FACILITY_HCN (Host Compute Network)'],
]);

/** NTSTATUS facilities (ntstatus.h) of the codes met here; they are not numbered like HRESULT facilities. */
const NT_FACILITIES: ReadonlyMap<number, string> = new Map([
  [0x2, 'FACILITY_RPC_RUNTIME'],
  [0x7, 'FACILITY_NTWIN32'],
  [0x37, 'FACILITY_VMCOMPUTE (Host Compute Service)'],
]);

/** Win32 error codes seen in Windows container and node errors. */
const WIN32: ReadonlyMap<number, [string, string]> = new Map([
  [0x1, ['ERROR_INVALID_FUNCTION', 'Incorrect function.']],
  [0x2, ['ERROR_FILE_NOT_FOUND', 'The system cannot find the file specified.']],
  [0x3, ['ERROR_PATH_NOT_FOUND', 'The system cannot find the path specified.']],
  [0x5, ['ERROR_ACCESS_DENIED', 'Access is denied.']],
  [0x6, ['ERROR_INVALID_HANDLE', 'The handle is invalid.']],
  [0x8, ['ERROR_NOT_ENOUGH_MEMORY', 'Not enough memory resources are available to process this command.']],
  [0x20, ['ERROR_SHARING_VIOLATION', 'The process cannot access the file because it is being used by another process.']],
  [0x57, ['ERROR_INVALID_PARAMETER', 'The parameter is incorrect.']],
  [0x70, ['ERROR_DISK_FULL', 'There is not enough space on the disk.']],
  [0xb7, ['ERROR_ALREADY_EXISTS', 'Cannot create a file when that file already exists.']],
  [0xc1, ['ERROR_BAD_EXE_FORMAT', 'The program is not a valid Win32 application.']],
  [0x102, ['WAIT_TIMEOUT', 'The wait operation timed out.']],
  [0x10b, ['ERROR_DIRECTORY', 'The directory name is invalid.']],
  [0x490, ['ERROR_NOT_FOUND', 'Element not found.']],
  [0x4c7, ['ERROR_CANCELLED', 'The operation was canceled by the user.']],
  [0x51f, ['ERROR_NO_LOGON_SERVERS', 'There are currently no logon servers available to service the logon request.']],
  [0x5aa, ['ERROR_NO_SYSTEM_RESOURCES', 'Insufficient system resources exist to complete the requested service.']],
  [0x5b4, ['ERROR_TIMEOUT', 'This operation returned because the timeout period expired.']],
  [0x6ba, ['RPC_S_SERVER_UNAVAILABLE', 'The RPC server is unavailable.']],
  [0x6be, ['RPC_S_CALL_FAILED', 'The remote procedure call failed.']],
  [0x6fb, ['ERROR_NO_TRUST_SAM_ACCOUNT', 'The SAM database on the Windows Server does not have a computer account for this workstation trust relationship.']],
  [0x6fd, ['ERROR_TRUSTED_RELATIONSHIP_FAILURE', 'The trust relationship between this workstation and the primary domain failed.']],
]);

/** HCS (FACILITY_VMCOMPUTE) codes; the 0xC037… NTSTATUS form carries the same low 16 bits. */
const HCS: ReadonlyMap<number, [string, string]> = new Map([
  [0x100, ['HCS_E_TERMINATED_DURING_START', 'The virtual machine or container exited unexpectedly while starting.']],
  [0x101, ['HCS_E_IMAGE_MISMATCH', 'The container operating system does not match the host operating system.']],
  [0x102, ['HCS_E_HYPERV_NOT_INSTALLED', 'The virtual machine could not be started because a required feature is not installed.']],
  [0x105, ['HCS_E_INVALID_STATE', 'The requested virtual machine or container operation is not valid in the current state.']],
  [0x106, ['HCS_E_UNEXPECTED_EXIT', 'The virtual machine or container exited unexpectedly.']],
  [0x107, ['HCS_E_TERMINATED', 'The virtual machine or container was forcefully exited.']],
  [0x108, ['HCS_E_CONNECT_FAILED', 'A connection could not be established with the container or virtual machine.']],
  [0x109, ['HCS_E_CONNECTION_TIMEOUT', 'The operation timed out because a response was not received from the virtual machine or container.']],
  [0x10a, ['HCS_E_CONNECTION_CLOSED', 'The connection with the virtual machine or container was closed.']],
  [0x10d, ['HCS_E_INVALID_JSON', 'The JSON document is invalid.']],
  [0x10e, ['HCS_E_SYSTEM_NOT_FOUND', 'A virtual machine or container with the specified identifier does not exist.']],
  [0x10f, ['HCS_E_SYSTEM_ALREADY_EXISTS', 'A virtual machine or container with the specified identifier already exists.']],
  [0x110, ['HCS_E_SYSTEM_ALREADY_STOPPED', 'The virtual machine or container with the specified identifier is not running.']],
  [0x112, ['HCS_E_INVALID_LAYER', 'A virtual machine or container layer is invalid.']],
  [0x114, ['HCS_E_SERVICE_NOT_AVAILABLE', 'The Host Compute Service is not available.']],
  [0x118, ['HCS_E_OPERATION_TIMEOUT', 'The operation timed out.']],
]);

/** HCN (Host Networking Service) codes (Microsoft's HCN error code reference). */
const HCN: ReadonlyMap<number, [string, string]> = new Map([
  [0x1, ['HCN_E_NETWORK_NOT_FOUND', 'The network was not found.']],
  [0x2, ['HCN_E_ENDPOINT_NOT_FOUND', 'The endpoint was not found.']],
  [0x4, ['HCN_E_SWITCH_NOT_FOUND', 'The virtual switch was not found.']],
  [0x5, ['HCN_E_SUBNET_NOT_FOUND', 'The network does not have a subnet for this endpoint.']],
  [0x7, ['HCN_E_PORT_NOT_FOUND', 'The switch-port was not found.']],
  [0x8, ['HCN_E_POLICY_NOT_FOUND', 'An expected policy was not found.']],
  [0xa, ['HCN_E_INVALID_NETWORK', 'The provided network configuration is invalid or missing parameters.']],
  [0xc, ['HCN_E_INVALID_ENDPOINT', 'The provided endpoint configuration is invalid or missing parameters.']],
  [0xd, ['HCN_E_INVALID_POLICY', 'The provided policy configuration is invalid or missing parameters.']],
  [0x10, ['HCN_E_NETWORK_ALREADY_EXISTS', 'A network with this name already exists.']],
  [0x12, ['HCN_E_POLICY_ALREADY_EXISTS', 'Policy information already exists on this object.']],
  [0x13, ['HCN_E_PORT_ALREADY_EXISTS', 'The specified port already exists.']],
  [0x14, ['HCN_E_ENDPOINT_ALREADY_ATTACHED', 'This endpoint is already attached to the switch.']],
  [0x17, ['HCN_E_DEGRADED_OPERATION', 'There was an operation attempted on a degraded object.']],
  [0x1c, ['HCN_E_INVALID_JSON_REFERENCE', 'The reference is invalid in the JSON document.']],
  [0x1e, ['HCN_E_INVALID_IP', 'IP address is either invalid or not part of any configured subnet(s).']],
  [0x20, ['HCN_E_MANAGER_STOPPED', 'Operation cannot be performed while service is stopping.']],
  [0x2e, ['HCN_E_NAMESPACE_ATTACH_FAILED', 'The requested operation for attach namespace failed.']],
  [0x2f, ['HCN_E_ADDR_INVALID_OR_RESERVED', 'An address provided is invalid or reserved.']],
]);

/** NTSTATUS codes seen as exit codes of Windows container processes, and as HCS/CCG errors. */
const NTSTATUS: ReadonlyMap<number, [string, string]> = new Map([
  [0xc0000005, ['STATUS_ACCESS_VIOLATION', 'The instruction referenced memory it may not access.']],
  [0xc0000022, ['STATUS_ACCESS_DENIED', 'A process has requested access to an object, but has not been granted those access rights.']],
  [0xc0000135, ['STATUS_DLL_NOT_FOUND', 'The program cannot start because a DLL it needs was not found.']],
  [0xc000013a, ['STATUS_CONTROL_C_EXIT', 'The application terminated as a result of a CTRL+C (or a stop request).']],
  [0xc0000409, ['STATUS_STACK_BUFFER_OVERRUN', 'The system detected an overrun of a stack-based buffer in this application.']],
  [0xc0020017, ['RPC_NT_SERVER_UNAVAILABLE', 'The RPC server is unavailable.']],
]);

function hex8(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/** Decodes a 32-bit status value (as an unsigned number). */
export function decodeStatus(value: number): DecodedCode {
  const unsigned = value >>> 0;
  const code = unsigned & 0xffff;
  if (unsigned <= 0xffff) {
    const known = WIN32.get(unsigned);
    return { hex: hex8(unsigned), kind: 'Win32', facility: { code: 7, name: 'FACILITY_WIN32' }, code, name: known?.[0], text: known?.[1] };
  }
  const top = unsigned >>> 30;
  if (top === 3) {
    // NTSTATUS error (severity 3). 0xC007xxxx is a Win32 code carried as NTSTATUS.
    // Bit 28 set: an NTSTATUS carried as an HRESULT (HRESULT_FROM_NT), e.g. 0xD0020017 for 0xC0020017.
    if ((unsigned & 0x10000000) !== 0) {
      const inner = decodeStatus((unsigned & ~0x10000000) >>> 0);
      return { ...inner, hex: hex8(unsigned), kind: 'HRESULT', facility: { code: inner.facility.code, name: `FACILITY_NT_BIT: the NTSTATUS ${inner.hex} (${inner.facility.name})` } };
    }
    const facility = (unsigned >>> 16) & 0xfff;
    // Bit 29 is the customer bit: such a code is not Microsoft's.
    const customer = (unsigned & 0x20000000) !== 0;
    const known = customer ? undefined : (NTSTATUS.get(unsigned) ?? (facility === 0x37 ? HCS.get(code) : facility === 0x7 ? WIN32.get(code) : undefined));
    const facilityName = customer ? `customer-defined, facility 0x${facility.toString(16)}` : (NT_FACILITIES.get(facility) ?? `facility 0x${facility.toString(16)}`);
    return { hex: hex8(unsigned), kind: 'NTSTATUS', facility: { code: facility, name: facilityName }, code, name: known?.[0], text: known?.[1] };
  }
  const facility = (unsigned >>> 16) & 0x7ff;
  const table = facility === 7 ? WIN32 : facility === 0x37 ? HCS : facility === 0x3b ? HCN : undefined;
  const known = table?.get(code);
  return { hex: hex8(unsigned), kind: 'HRESULT', facility: { code: facility, name: FACILITIES.get(facility) ?? `facility 0x${facility.toString(16)}` }, code, name: known?.[0], text: known?.[1] };
}

/** "0x80370101 HRESULT, FACILITY_VMCOMPUTE …, code 0x101: HCS_E_IMAGE_MISMATCH (The container …)". */
export function describeStatus(decoded: DecodedCode): string {
  const what = decoded.name ? `${decoded.name} (${decoded.text ?? ''})`.replace(' ()', '') : 'no symbolic name known to kube-hybrid';
  return `${decoded.hex}: ${decoded.kind}, ${decoded.facility.name}, code 0x${decoded.code.toString(16)} — ${what}`;
}

/**
 * Status codes written in a message: "(0xc0370101)", "(0x803b0007)", "Win32: … (0x2)", "winapi error
 * #3489661095", "ErrorCode":2151350279, and negative process exit codes ("Exit Code: -1073741515").
 * Duplicates are dropped; order is the order of first appearance.
 */
export function statusCodesIn(text: string): DecodedCode[] {
  const values: number[] = [];
  for (const m of text.matchAll(/\(0x([0-9a-f]{1,8})\)|\b0x([0-9a-f]{8})\b/gi)) values.push(Number.parseInt(m[1] ?? m[2], 16));
  for (const m of text.matchAll(/winapi error #(\d{1,10})/gi)) values.push(Number(m[1]));
  for (const m of text.matchAll(/"ErrorCode":\s*(\d{1,10})/g)) values.push(Number(m[1]));
  for (const m of text.matchAll(/Exit Code:\s*(-\d{1,10})/gi)) values.push(Number(m[1]) >>> 0);
  const seen = new Set<number>();
  const out: DecodedCode[] = [];
  for (const value of values) {
    const unsigned = value >>> 0;
    if (unsigned === 0 || seen.has(unsigned)) continue;
    seen.add(unsigned);
    out.push(decodeStatus(unsigned));
  }
  return out;
}
