// The workspace index on disk, for a warm start. Layout (little-endian):
//   "SWYIDX\n\0", u32 format, u32 header length, header JSON
//   {fingerprint, root, files, batches}, then per batch: u32 JSON length,
//   u32 tag words, u32 signature bytes, 20-byte SHA-1 of the three parts,
//   the batch JSON (TagBatch without its arrays), the tags, the signatures.
// Batches are read and applied one at a time, so loading never holds the
// whole file, and the main thread yields between batches. Anything that does
// not check out (magic, format, fingerprint, lengths, ids, digest) makes the
// whole cache invalid: the caller clears what was applied and indexes cold.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { snapshotBatches } from './snapshot.ts';
import type { SymbolIndex } from './symbol-index.ts';
import type { BatchFile, BatchIds, TagBatch } from './tag-batch.ts';
import { DEF_WORDS, MAX_KINDS, REF_WORDS, kindOf } from './tag-batch.ts';
import type { GrammarManifest } from '../registry.ts';

/** Bump when what the index stores per file, or this layout, changes. */
export const INDEX_CACHE_FORMAT = 1;
const MAGIC = Buffer.from('SWYIDX\n\0', 'latin1');
const PREAMBLE = MAGIC.length + 8;
const RECORD = 12 + 20;
const FILES_PER_BATCH = 64;

export interface CacheMeta {
  /** Grammar engine, packages and tags queries (see cacheFingerprint). */
  fingerprint: string;
  root: string;
}

export type CacheLoad =
  | { status: 'loaded'; files: number; bytes: number }
  | { status: 'missing' }
  | { status: 'invalid'; reason: string };

class Invalid extends Error {}

/** What the stored tags depend on besides the files: the engine, grammar packages and tags queries. */
export async function cacheFingerprint(grammarsDir: string): Promise<string> {
  const hash = createHash('sha1').update(`format ${INDEX_CACHE_FORMAT}\n`);
  const manifestText = await readFile(join(grammarsDir, 'manifest.json'), 'utf8');
  hash.update(manifestText);
  const manifest = JSON.parse(manifestText) as GrammarManifest;
  for (const id of Object.keys(manifest.grammars).sort()) {
    const tags = manifest.grammars[id]!.tags;
    if (tags) hash.update(`\n${id}\n`).update(await readFile(join(grammarsDir, tags)));
  }
  return hash.digest('hex');
}

const tagBytes = (tags: Uint32Array) => new Uint8Array(tags.buffer, tags.byteOffset, tags.byteLength);

/**
 * Writes the index to `path` atomically: a temp file beside it, synced, then
 * renamed over it, so a reader sees the old cache or the new one, never a mix.
 * Yields to the event loop at every write.
 */
export async function writeIndexCache(path: string, index: SymbolIndex, meta: CacheMeta): Promise<{ files: number; bytes: number }> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const files = index.indexedFiles();
  const fh = await open(tmp, 'w');
  let bytes = 0;
  const write = async (data: Uint8Array) => {
    await fh.write(data);
    bytes += data.length;
  };
  try {
    const header = Buffer.from(JSON.stringify({ ...meta, files: files.length, batches: Math.ceil(files.length / FILES_PER_BATCH) }));
    const pre = Buffer.alloc(PREAMBLE);
    MAGIC.copy(pre);
    pre.writeUInt32LE(INDEX_CACHE_FORMAT, MAGIC.length);
    pre.writeUInt32LE(header.length, MAGIC.length + 4);
    await write(Buffer.concat([pre, header]));
    for (const batch of snapshotBatches(files, index.tables, FILES_PER_BATCH)) {
      const { tags, signatures, ...rest } = batch;
      const json = Buffer.from(JSON.stringify(rest));
      const rec = Buffer.alloc(RECORD);
      rec.writeUInt32LE(json.length, 0);
      rec.writeUInt32LE(tags.length, 4);
      rec.writeUInt32LE(signatures.length, 8);
      createHash('sha1').update(json).update(tagBytes(tags)).update(signatures).digest().copy(rec, 12);
      await write(rec);
      await write(json);
      await write(tagBytes(tags));
      await write(signatures);
    }
    await fh.datasync();
    await fh.close();
    await rename(tmp, path);
    return { files: files.length, bytes };
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
}

async function readExactly(fh: FileHandle, into: Uint8Array, position: number): Promise<void> {
  let got = 0;
  while (got < into.length) {
    const { bytesRead } = await fh.read(into, got, into.length - got, position + got);
    if (bytesRead === 0) throw new Invalid('truncated');
    got += bytesRead;
  }
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isStrings = (xs: unknown): xs is string[] => Array.isArray(xs) && xs.every((x) => typeof x === 'string');

/** Checks a batch read from disk against itself; throws Invalid on the first inconsistency. */
function checkBatch(batch: TagBatch, names: number, kinds: number): void {
  if (!isStrings(batch.names) || !isStrings(batch.kinds) || batch.namesBefore !== names || batch.kindsBefore !== kinds || !Array.isArray(batch.files)) throw new Invalid('bad batch header');
  const nameLimit = names + batch.names.length;
  const kindLimit = kinds + batch.kinds.length;
  if (kindLimit > MAX_KINDS) throw new Invalid('too many kinds');
  const tags = batch.tags;
  let w = 0;
  let sig = 0;
  for (const f of batch.files as Partial<BatchFile>[]) {
    if (typeof f.rel !== 'string' || typeof f.grammarId !== 'string' || !isCount(f.bytes) || typeof f.mtimeMs !== 'number' || !isCount(f.parseErrors) || !isCount(f.refCount) || !isCount(f.defCount) || !isCount(f.signatureBytes)) throw new Invalid('bad file entry');
    const end = w + f.refCount * REF_WORDS + f.defCount * DEF_WORDS;
    if (end > tags.length) throw new Invalid('tags overrun');
    let lastSig = 0;
    for (let i = w; i < end; ) {
      if (tags[i]! >= nameLimit || kindOf(tags[i + 1]!) >= kindLimit) throw new Invalid('id out of range');
      if (i < w + f.refCount * REF_WORDS) i += REF_WORDS;
      else {
        const sigEnd = tags[i + 2]!;
        if (sigEnd < lastSig || sigEnd > f.signatureBytes) throw new Invalid('bad signature offset');
        lastSig = sigEnd;
        i += DEF_WORDS;
      }
    }
    if (f.defCount > 0 && lastSig !== f.signatureBytes) throw new Invalid('bad signature length');
    w = end;
    sig += f.signatureBytes;
  }
  if (w !== tags.length || sig !== batch.signatures.length) throw new Invalid('lengths do not add up');
}

/**
 * Streams the cache at `path` into `index` (expected empty), batch by batch.
 * On 'invalid' the index may hold part of the cache: the caller clears it.
 */
export async function loadIndexCache(path: string, index: SymbolIndex, meta: CacheMeta): Promise<CacheLoad> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
    return { status: 'invalid', reason: `unreadable (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  try {
    const size = (await fh.stat()).size;
    if (size < PREAMBLE) throw new Invalid('truncated');
    const pre = Buffer.alloc(PREAMBLE);
    await readExactly(fh, pre, 0);
    if (!pre.subarray(0, MAGIC.length).equals(MAGIC)) throw new Invalid('not an index cache');
    const format = pre.readUInt32LE(MAGIC.length);
    if (format !== INDEX_CACHE_FORMAT) throw new Invalid(`format ${format}, expected ${INDEX_CACHE_FORMAT}`);
    const headerLength = pre.readUInt32LE(MAGIC.length + 4);
    if (PREAMBLE + headerLength > size) throw new Invalid('truncated');
    const headerBytes = Buffer.alloc(headerLength);
    await readExactly(fh, headerBytes, PREAMBLE);
    const header = JSON.parse(headerBytes.toString('utf8')) as { fingerprint?: unknown; root?: unknown; files?: unknown; batches?: unknown };
    if (header.fingerprint !== meta.fingerprint) throw new Invalid('written with other grammars or tags queries');
    if (header.root !== meta.root) throw new Invalid('written for another folder');
    if (!isCount(header.files) || !isCount(header.batches)) throw new Invalid('bad header');
    let at = PREAMBLE + headerLength;
    const ids: BatchIds = { names: [], kinds: [] };
    let files = 0;
    for (let n = 0; n < header.batches; n++) {
      if (at + RECORD > size) throw new Invalid('truncated');
      const rec = Buffer.alloc(RECORD);
      await readExactly(fh, rec, at);
      const jsonLength = rec.readUInt32LE(0);
      const words = rec.readUInt32LE(4);
      const sigLength = rec.readUInt32LE(8);
      at += RECORD;
      // Checked before allocating, so garbage lengths cannot ask for gigabytes.
      if (at + jsonLength + words * 4 + sigLength > size) throw new Invalid('truncated');
      const json = Buffer.alloc(jsonLength);
      const tags = new Uint32Array(words);
      const signatures = new Uint8Array(sigLength);
      await readExactly(fh, json, at);
      await readExactly(fh, tagBytes(tags), at + jsonLength);
      await readExactly(fh, signatures, at + jsonLength + words * 4);
      at += jsonLength + words * 4 + sigLength;
      const digest = createHash('sha1').update(json).update(tagBytes(tags)).update(signatures).digest();
      if (!digest.equals(rec.subarray(12))) throw new Invalid('checksum mismatch');
      const batch = { ...(JSON.parse(json.toString('utf8')) as Omit<TagBatch, 'tags' | 'signatures'>), tags, signatures };
      checkBatch(batch, ids.names.length, ids.kinds.length);
      index.setBatch(batch, ids);
      files += batch.files.length;
    }
    if (at !== size || files !== header.files) throw new Invalid(at < size ? 'trailing bytes' : 'file count mismatch');
    return { status: 'loaded', files, bytes: size };
  } catch (err) {
    if (err instanceof Invalid || err instanceof SyntaxError) return { status: 'invalid', reason: err.message };
    return { status: 'invalid', reason: err instanceof Error ? err.message : String(err) };
  } finally {
    await fh.close();
  }
}
