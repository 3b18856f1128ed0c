import type { Rule } from '../engine/types.js';
import { joinPointer } from '../util/pointer.js';
import { describeOwner, windowsOptionsIn } from './helpers.js';

// validateWindowsSecurityContextOptions (pkg/apis/core/validation/validation.go), run on every pod.
// Lengths are Go's len(): UTF-8 bytes. The quoted messages are upstream's.
const MAX_DOMAIN_LENGTH = 256;
const MAX_USER_LENGTH = 104;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\x00-\x1f\x7f]/;
const NETBIOS_DOMAIN = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/u;
const DNS_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';
const DNS_DOMAIN = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const INVALID_USER_CHARACTERS = /["/\\:;|=,+*?<>@[\]]/;
const ONLY_DOTS_OR_SPACES = /^[. ]+$/;

/** Upstream's error messages for a runAsUserName, in upstream's order (empty when valid). */
export function runAsUserNameProblems(name: string): string[] {
  if (name.length === 0) return ['runAsUserName cannot be an empty string'];
  if (CONTROL_CHARACTERS.test(name)) return ['runAsUserName cannot contain control characters'];
  const parts = name.split('\\');
  if (parts.length > 2) return ['runAsUserName cannot contain more than one backslash'];
  const problems: string[] = [];
  const hasDomain = parts.length === 2;
  const domain = hasDomain ? parts[0] : '';
  const user = hasDomain ? parts[1] : parts[0];
  if (Buffer.byteLength(domain, 'utf8') >= MAX_DOMAIN_LENGTH) problems.push(`runAsUserName's Domain length must be under ${MAX_DOMAIN_LENGTH} characters`);
  if (hasDomain && !(NETBIOS_DOMAIN.test(domain) || DNS_DOMAIN.test(domain))) problems.push("runAsUserName's Domain doesn't match the NetBios nor the DNS format");
  const userLength = Buffer.byteLength(user, 'utf8');
  if (userLength === 0) problems.push("runAsUserName's User cannot be empty");
  else if (userLength > MAX_USER_LENGTH) problems.push(`runAsUserName's User length must not be longer than ${MAX_USER_LENGTH} characters`);
  if (ONLY_DOTS_OR_SPACES.test(user)) problems.push("runAsUserName's User cannot contain only periods or spaces");
  if (INVALID_USER_CHARACTERS.test(user)) problems.push(`runAsUserName's User cannot contain the following characters: "/\\:;|=,+*?<>@[]`);
  return problems;
}

/** The format of windowsOptions.runAsUserName, checked by the API server on every pod (validation.go validateWindowsSecurityContextOptions). */
export const runAsUserNameInvalid: Rule = {
  id: 'run-as-user-name-invalid',
  meta: {
    category: 'compatibility',
    defaultSeverity: 'error',
    description: 'A windowsOptions.runAsUserName the API server rejects (format of DOMAIN\\USER).',
    messages: {
      invalid: 'The API server rejects runAsUserName "{{value}}" of the {{owner}}: "{{problem}}".',
    },
    source: 'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go (validateWindowsSecurityContextOptions); https://kubernetes.io/docs/tasks/configure-pod-container/configure-runasusername/',
  },
  sharedVisitor: true,
  windowsOptionsOnly: true,
  create(context) {
    return {
      workload(workload) {
        for (const ref of windowsOptionsIn(workload)) {
          const value = ref.options.runAsUserName;
          if (typeof value !== 'string') continue;
          for (const problem of runAsUserNameProblems(value)) {
            context.report({
              target: workload.source,
              messageId: 'invalid',
              path: joinPointer(ref.path, 'runAsUserName'),
              data: { value: JSON.stringify(value).slice(1, -1), owner: describeOwner(ref.owner), problem },
              stage: 'api-server',
            });
          }
        }
      },
    };
  },
};
