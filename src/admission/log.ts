// Structured JSON logs, one object per line, to a sink (stdout in production, memory in tests).
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export type LogFields = Record<string, unknown>;

export interface Logger {
  enabled(level: LogLevel): boolean;
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** The line as specified: `{time, level, msg, ...base, ...fields}` serialised (the slow, general way). */
function specifiedLine(time: string, level: LogLevel, msg: string, base: LogFields, fields: LogFields | undefined): string {
  try {
    return JSON.stringify({ time, level, msg, ...base, ...fields });
  } catch {
    return JSON.stringify({ time, level, msg, ...base, note: 'fields were not serialisable' });
  }
}

/** Keys that put a field somewhere else than after the others in the specified line. */
function movesAKey(key: string, reserved: ReadonlySet<string>): boolean {
  const first = key.charCodeAt(0);
  // Array-index keys come first in a spread object; a repeated key keeps its first place.
  return (first >= 48 && first <= 57) || reserved.has(key);
}

const HEAD_KEYS: ReadonlySet<string> = new Set(['time', 'level', 'msg', 'toJSON']);

/** The members of a serialised object without its braces, with a leading comma ('' when empty). */
function members(json: string): string {
  return json.length > 2 ? `,${json.slice(1, -1)}` : '';
}

export function jsonLogger(write: (line: string) => void, minimum: LogLevel = 'info', base: LogFields = {}): Logger {
  const threshold = ORDER[minimum];
  // The line is built from pieces: the fixed head, the base fields serialised once, then the
  // fields serialised alone — the same text as serialising the merged object (a test compares
  // both), without copying the fields into a new object per line. Fields whose keys would land
  // elsewhere in the merged object (a key of the head or the base, an array index) take the
  // general way, as does a base with such keys.
  const reserved = new Set([...HEAD_KEYS, ...Object.keys(base)]);
  // The base is serialised once, so only when it holds plain values (an object could change later).
  const plainBase = Object.entries(base).every(([key, value]) => !movesAKey(key, HEAD_KEYS) && (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)));
  const baseMembers = plainBase ? members(JSON.stringify(base)) : undefined;
  // The time to the millisecond, formatted once per millisecond.
  let clockMs = Number.NaN;
  let clockIso = '';
  const now = (): string => {
    const ms = Date.now();
    if (ms !== clockMs) {
      clockMs = ms;
      clockIso = new Date(ms).toISOString();
    }
    return clockIso;
  };
  const line = (level: LogLevel, msg: string, fields: LogFields | undefined): string => {
    const time = now();
    if (baseMembers === undefined || typeof msg !== 'string' || ORDER[level] === undefined) return specifiedLine(time, level, msg, base, fields);
    let fieldMembers = '';
    if (fields !== undefined && fields !== null) {
      for (const key in fields) if (movesAKey(key, reserved)) return specifiedLine(time, level, msg, base, fields);
      try {
        fieldMembers = members(JSON.stringify(fields));
      } catch {
        return specifiedLine(time, level, msg, base, fields);
      }
    }
    return `{"time":"${time}","level":"${level}","msg":${JSON.stringify(msg)}${baseMembers}${fieldMembers}}`;
  };
  const logger: Logger = {
    enabled: (level) => ORDER[level] >= threshold,
    log(level, msg, fields) {
      if (ORDER[level] < threshold) return;
      write(line(level, msg, fields) + '\n');
    },
    debug: (msg, fields) => logger.log('debug', msg, fields),
    info: (msg, fields) => logger.log('info', msg, fields),
    warn: (msg, fields) => logger.log('warn', msg, fields),
    error: (msg, fields) => logger.log('error', msg, fields),
  };
  return logger;
}

export const silentLogger: Logger = jsonLogger(() => {}, 'error');
