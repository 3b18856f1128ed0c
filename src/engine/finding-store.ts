// The findings of a streamed `check`, held until the report is written: a million documents make about
// a million findings, ~800 bytes each as objects, more than the rest of the run together (issue 14).
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, Severity } from './types.js';

export interface FindingStoreOptions {
  /** Findings kept as objects before the store moves them to a temporary file (default 20,000). */
  inMemory?: number;
  /** Where the temporary file goes (default: the system's temporary folder, `TMPDIR`). */
  directory?: string;
}

const DEFAULT_IN_MEMORY = 20_000;
const WRITE_BUFFER_BYTES = 1 << 20;
const READ_WINDOW_BYTES = 1 << 20;
/** How far before a wanted record a read window starts: the findings of one object come out of order by a few records. */
const READ_BACK_BYTES = READ_WINDOW_BYTES >> 2;

/**
 * Findings in the order the rules made them, read back sorted as `compareFindings` sorts them (file,
 * line, column, rule; equal keys in the order made, as a stable sort leaves them). Small runs keep
 * the findings as they are; past `inMemory` findings every finding is written to a temporary file as
 * one line of JSON and only its sort key and place are kept (24 bytes a finding). The file is
 * unlinked as soon as it is open where the system allows it (nothing is left behind, even when the
 * process is killed), otherwise removed by `close()`.
 */
export class FindingStore implements Iterable<Finding> {
  /** Findings by severity, for summaries and the exit code (known before the findings are read back). */
  readonly counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  private readonly inMemory: number;
  private readonly directory: string;
  private held: Finding[] = [];
  private count = 0;
  // Sort keys: files and rule ids by number (their ranks are made when the findings are read back).
  private readonly fileIds = new Map<string, number>();
  private readonly ruleIds = new Map<string, number>();
  private keys = new Uint32Array(4 * 1024);
  private places = new Float64Array(1024);
  private spill: Spill | undefined;
  private closed = false;

  constructor(options: FindingStoreOptions = {}) {
    this.inMemory = options.inMemory ?? DEFAULT_IN_MEMORY;
    this.directory = options.directory ?? tmpdir();
  }

  get size(): number {
    return this.count;
  }

  add(finding: Finding): void {
    if (this.closed) throw new Error('FindingStore: add after close');
    const index = this.count++;
    this.counts[finding.severity]++;
    if (index * 4 + 4 > this.keys.length) this.grow();
    const at = index * 4;
    this.keys[at] = idOf(this.fileIds, finding.file);
    this.keys[at + 1] = finding.line;
    this.keys[at + 2] = finding.column;
    this.keys[at + 3] = idOf(this.ruleIds, finding.ruleId);
    if (this.spill) {
      this.places[index] = this.spill.append(JSON.stringify(finding));
      return;
    }
    this.held.push(finding);
    if (this.held.length > this.inMemory) this.moveToFile();
  }

  /** The findings in report order. */
  *[Symbol.iterator](): Iterator<Finding> {
    const order = this.sortedOrder();
    if (!this.spill) {
      for (const index of order) yield this.held[index];
      return;
    }
    this.spill.flush();
    const reader = new SpillReader(this.spill.fd);
    for (const index of order) {
      const start = this.places[index];
      const end = index + 1 < this.count ? this.places[index + 1] : this.spill.size;
      yield JSON.parse(reader.read(start, end)) as Finding;
    }
  }

  /** Removes the temporary file (when one was made); the store is empty afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.held = [];
    this.spill?.close();
    this.spill = undefined;
  }

  private grow(): void {
    const keys = new Uint32Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    const places = new Float64Array(this.places.length * 2);
    places.set(this.places);
    this.places = places;
  }

  private moveToFile(): void {
    const spill = Spill.open(this.directory);
    this.held.forEach((finding, index) => (this.places[index] = spill.append(JSON.stringify(finding))));
    this.held = [];
    this.spill = spill;
  }

  /** Indexes of the findings, sorted by file, line, column and rule id, then the order made. */
  private sortedOrder(): number[] {
    const fileRank = ranksOf(this.fileIds);
    const ruleRank = ranksOf(this.ruleIds);
    const keys = this.keys;
    const order = Array.from({ length: this.count }, (_, index) => index);
    return order.sort((a, b) => {
      const x = a * 4;
      const y = b * 4;
      return fileRank[keys[x]] - fileRank[keys[y]] || keys[x + 1] - keys[y + 1] || keys[x + 2] - keys[y + 2] || ruleRank[keys[x + 3]] - ruleRank[keys[y + 3]] || a - b;
    });
  }
}

function idOf(ids: Map<string, number>, value: string): number {
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = ids.size));
  return id;
}

/** Each id's place among the values sorted as `compareFindings` compares them (`<` on the strings). */
function ranksOf(ids: ReadonlyMap<string, number>): Uint32Array {
  const ranks = new Uint32Array(ids.size);
  [...ids.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).forEach((value, rank) => (ranks[ids.get(value) as number] = rank));
  return ranks;
}

/** The temporary file: records appended through a buffer; `size` is where the next one starts. */
class Spill {
  size = 0;
  private readonly buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  private buffered = 0;

  private constructor(
    readonly fd: number,
    private readonly remove: (() => void) | undefined,
  ) {}

  static open(directory: string): Spill {
    const folder = mkdtempSync(join(directory, 'kube-hybrid-findings-'));
    const path = join(folder, 'findings.jsonl');
    let fd: number;
    try {
      fd = openSync(path, 'w+', 0o600);
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
    try {
      // Gone from the folder while still open (POSIX): nothing to clean up, whatever ends the process.
      rmSync(folder, { recursive: true });
      return new Spill(fd, undefined);
    } catch {
      // Windows keeps an open file: removed on close.
      return new Spill(fd, () => rmSync(folder, { recursive: true, force: true }));
    }
  }

  /** Appends one record; returns where it starts. */
  append(record: string): number {
    const start = this.size;
    // A UTF-16 unit takes at most 3 bytes in UTF-8.
    if (this.buffered + record.length * 3 > WRITE_BUFFER_BYTES) this.flush();
    if (record.length * 3 > WRITE_BUFFER_BYTES) {
      const bytes = Buffer.from(record, 'utf8');
      writeAll(this.fd, bytes, bytes.length, start);
      this.size += bytes.length;
      return start;
    }
    const bytes = this.buffer.write(record, this.buffered, 'utf8');
    this.buffered += bytes;
    this.size += bytes;
    return start;
  }

  flush(): void {
    if (this.buffered === 0) return;
    writeAll(this.fd, this.buffer, this.buffered, this.size - this.buffered);
    this.buffered = 0;
  }

  close(): void {
    closeSync(this.fd);
    this.remove?.();
  }
}

function writeAll(fd: number, bytes: Buffer, length: number, position: number): void {
  let written = 0;
  while (written < length) written += writeSync(fd, bytes, written, length - written, position + written);
}

/**
 * Reads records through a window of the file: the sorted order mostly walks the file forwards (files
 * are read in order, a file's findings are made object by object), so most records are in the window.
 */
class SpillReader {
  private window = Buffer.allocUnsafe(READ_WINDOW_BYTES);
  private windowStart = 0;
  private windowEnd = 0;

  constructor(private readonly fd: number) {}

  read(start: number, end: number): string {
    if (start < this.windowStart || end > this.windowEnd) this.load(start, end);
    return this.window.toString('utf8', start - this.windowStart, end - this.windowStart);
  }

  private load(start: number, end: number): void {
    const from = Math.max(0, start - READ_BACK_BYTES);
    const length = Math.max(READ_WINDOW_BYTES, end - from);
    if (length > this.window.length) this.window = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const bytes = readSync(this.fd, this.window, read, length - read, from + read);
      if (bytes === 0) break;
      read += bytes;
    }
    this.windowStart = from;
    this.windowEnd = from + read;
  }
}
