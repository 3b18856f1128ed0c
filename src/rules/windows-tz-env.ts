import type { Rule } from '../engine/types.js';
import { asString, recordsIn } from '../util/guards.js';
import { joinPointer } from '../util/pointer.js';
import { containersOf, describeOwner, windowsPodOf } from './helpers.js';

/**
 * The only TZ Windows reads is the C runtime's (_tzset, learn.microsoft.com/cpp/c-runtime-library/
 * reference/tzset, read 2026-11-30): `tzn[+|-]hh[:mm[:ss]][dzn]`, e.g. "PST8PDT". Windows itself and
 * .NET take the time zone from the system (per container: learn.microsoft.com/virtualization/
 * windowscontainers/manage-containers/virtual-time-zone), so an IANA name such as Europe/Berlin
 * changes nothing.
 */
// The offset is optional here: how the CRT reads "UTC" or "GMT" without one is not documented, so
// such values are not reported (no false alarm).
const CRT_TZ = /^[A-Za-z]{3}([+-]?\d{1,2}(:\d{2}){0,2}([A-Za-z]{3})?)?$/;

export const windowsTzEnv: Rule = {
  id: 'windows-tz-env',
  meta: {
    category: 'operations',
    defaultSeverity: 'warning',
    description: 'A TZ environment variable on a Windows container in a form Windows does not read (e.g. an IANA name such as Europe/Berlin).',
    messages: {
      ignored:
        'The {{owner}} sets TZ="{{value}}" ({{how}}): Windows and .NET take the time zone from the system, not from TZ, and the C runtime only reads TZ in the form "PST8PDT"; the container keeps the node\'s time zone. Set it with tzutil /s "<Windows time zone id>" in the image or entrypoint (per-container time zones: Windows Server 2019 10.0.17763.1935 and later, 2022, 2025).',
    },
    source: 'https://learn.microsoft.com/virtualization/windowscontainers/manage-containers/virtual-time-zone; https://learn.microsoft.com/cpp/c-runtime-library/reference/tzset (read 2026-11-30)',
  },
  sharedVisitor: true,
  windowsWorkloadsOnly: true,
  create(context) {
    return {
      workload(workload) {
        const pod = windowsPodOf(context, workload);
        if (!pod) return;
        for (const ref of containersOf(workload)) {
          for (const { item: env, index } of recordsIn(ref.container.env)) {
            if (env.name !== 'TZ') continue;
            const value = asString(env.value);
            if (value === undefined || value === '' || CRT_TZ.test(value)) continue;
            context.report({ target: workload.source, messageId: 'ignored', path: joinPointer(ref.path, 'env', index, 'value'), data: { owner: describeOwner(ref), value, how: pod.how } });
          }
        }
      },
    };
  },
};
