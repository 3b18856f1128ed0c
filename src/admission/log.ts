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

export function jsonLogger(write: (line: string) => void, minimum: LogLevel = 'info', base: LogFields = {}): Logger {
  const threshold = ORDER[minimum];
  const logger: Logger = {
    enabled: (level) => ORDER[level] >= threshold,
    log(level, msg, fields) {
      if (ORDER[level] < threshold) return;
      let line: string;
      try {
        line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields });
      } catch {
        line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, note: 'fields were not serialisable' });
      }
      write(line + '\n');
    },
    debug: (msg, fields) => logger.log('debug', msg, fields),
    info: (msg, fields) => logger.log('info', msg, fields),
    warn: (msg, fields) => logger.log('warn', msg, fields),
    error: (msg, fields) => logger.log('error', msg, fields),
  };
  return logger;
}

export const silentLogger: Logger = jsonLogger(() => {}, 'error');
