// Reading input with a bound: a file, a pipe or stdin is read in chunks and refused as soon as it
// passes the limit, so `/dev/zero`, an endless pipe or a 100 MB single line ends with a message
// instead of the process growing until it is killed. Folders are walked entry by entry: a symlink to
// a file is read (the layout of a mounted ConfigMap, `app.yaml -> ..data/app.yaml`), a symlink to a
// folder is followed unless it leads back to a folder already being walked, and every entry that
// cannot be read is reported by its own path while the rest is read.
import { closeSync, fstatSync, openSync, readSync, readdirSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { extname, join } from 'node:path';

/** Bytes. The API server takes at most 3 MiB per request; a manifest file may hold many documents. */
export interface ReadLimits {
  /** Largest input file (or stdin) read. */
  maxFileBytes: number;
  /** Largest single YAML document analysed. */
  maxDocumentBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxFileBytes: 64 * 1024 * 1024,
  maxDocumentBytes: 8 * 1024 * 1024,
};

/** A read that failed for a reason worth one sentence (too large, a directory, not a file). */
export class InputError extends Error {}

const CHUNK = 1024 * 1024;
const SHORT_CHUNK = 64 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** `64MiB`, `100MB`, `512k`, `1048576`: bytes, or undefined when it is not a size. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$/i.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = (match[2] ?? 'b').toLowerCase();
  const scale = unit.startsWith('k') ? 1024 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('g') ? 1024 ** 3 : 1;
  const bytes = Math.floor(value * scale);
  return bytes > 0 ? bytes : undefined;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * Reads an open file descriptor to its end, refusing past `maxBytes` while reading (a regular file's
 * size is known up front; a pipe or device only tells by giving more).
 */
export function readBoundedFd(fd: number, maxBytes: number, what: string): string {
  const stats = fstatSync(fd);
  if (stats.isDirectory()) throw new InputError(`${what} is a directory, not a manifest file`);
  if (stats.isFile() && stats.size > maxBytes) throw new InputError(tooLarge(what, maxBytes));
  const chunks: Buffer[] = [];
  let total = 0;
  // A regular file says its size: one buffer of that size (and a byte more, to notice a file that
  // grew) is read and decoded without the copies of a chunked read.
  let size = stats.isFile() ? stats.size + 1 : CHUNK;
  for (;;) {
    const buffer = Buffer.allocUnsafe(size);
    let read: number;
    try {
      read = readSync(fd, buffer, 0, size, null);
    } catch (error) {
      // A non-blocking stdin with nothing yet: wait a moment and ask again.
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if ((error as NodeJS.ErrnoException).code === 'EOF') break;
      throw error;
    }
    if (read === 0) break;
    total += read;
    if (total > maxBytes) throw new InputError(tooLarge(what, maxBytes));
    chunks.push(read === size ? buffer : buffer.subarray(0, read));
    // After a short read (the end of a regular file, or what a pipe had): a small buffer to ask again.
    size = read === size ? CHUNK : SHORT_CHUNK;
  }
  if (chunks.length === 1) return chunks[0].toString('utf8');
  return Buffer.concat(chunks, total).toString('utf8');
}

function tooLarge(what: string, maxBytes: number): string {
  return `${what} is larger than ${formatBytes(maxBytes)}, the limit for one input file: refused while reading (raise it with --max-file-size)`;
}

/** A named file (a regular file, or a pipe such as `<(helm template …)`), bounded. */
export function readBoundedFile(path: string, maxBytes: number): string {
  const fd = openSync(path, 'r');
  try {
    return readBoundedFd(fd, maxBytes, path);
  } finally {
    closeSync(fd);
  }
}

/** Standard input, bounded; a directory (`check - < .`) is refused with a sentence. */
export function readBoundedStdin(maxBytes: number): string {
  return readBoundedFd(0, maxBytes, 'standard input');
}

export interface FolderEntryProblem {
  path: string;
  message: string;
}

export interface FolderListing {
  files: string[];
  problems: FolderEntryProblem[];
}

export function describeFsError(error: unknown): string {
  if (error instanceof InputError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENAMETOOLONG') return 'path too long';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return error instanceof Error ? error.message : String(error);
}

/**
 * Files below a folder with one of `extensions`, in a stable order. Hidden entries and node_modules
 * are skipped, as before; everything else that cannot be read is a problem naming that entry.
 */
export function manifestFilesIn(folder: string, extensions: ReadonlySet<string>): FolderListing {
  const listing: FolderListing = { files: [], problems: [] };
  const seenFiles = new Set<string>();
  let root: string;
  try {
    root = realpathSync(folder);
  } catch (error) {
    listing.problems.push({ path: folder, message: `cannot read ${folder}: ${describeFsError(error)}` });
    return listing;
  }
  walk(folder, [root], extensions, listing, seenFiles);
  return listing;
}

function walk(folder: string, ancestors: string[], extensions: ReadonlySet<string>, listing: FolderListing, seenFiles: Set<string>): void {
  let names: string[];
  try {
    names = readdirSync(folder).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (error) {
    listing.problems.push({ path: folder, message: `cannot read folder ${folder}: ${describeFsError(error)}` });
    return;
  }
  for (const name of names) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = join(folder, name);
    let stats: Stats;
    try {
      stats = statSync(full); // follows symlinks: a link to a file is read like the file
    } catch (error) {
      // A dangling symlink or an entry we may not stat is named, not silently skipped, when it
      // could be input: a manifest by its name, or any entry that failed for another reason than
      // "it is not there" (a dangling link named README is nobody's manifest).
      const code = (error as NodeJS.ErrnoException).code;
      if (!extensions.has(extname(name).toLowerCase()) && code === 'ENOENT') continue;
      listing.problems.push({ path: full, message: `cannot read ${full}: ${describeFsError(error)}` });
      continue;
    }
    if (stats.isDirectory()) {
      let real: string;
      try {
        real = realpathSync(full);
      } catch (error) {
        listing.problems.push({ path: full, message: `cannot read folder ${full}: ${describeFsError(error)}` });
        continue;
      }
      // A link back to a folder being walked would never end.
      if (ancestors.includes(real)) continue;
      walk(full, [...ancestors, real], extensions, listing, seenFiles);
      continue;
    }
    if (!extensions.has(extname(name).toLowerCase())) continue;
    if (!stats.isFile()) {
      listing.problems.push({ path: full, message: `cannot read ${full}: it is ${kindOf(stats)}, not a regular file (name it on its own to read it)` });
      continue;
    }
    // The same file reached twice (a link beside its target) is analysed once.
    const key = `${stats.dev}:${stats.ino}`;
    if (seenFiles.has(key)) continue;
    seenFiles.add(key);
    listing.files.push(full);
  }
}
