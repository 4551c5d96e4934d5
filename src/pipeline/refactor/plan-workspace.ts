// The workspace a plan is checked against: where it is, what is ignored, and
// each file's current text (an editor may supply unsaved buffers). Every path
// a plan names goes through checkPlanPath before anything reads or writes it.
import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { DEFAULT_EXCLUDES, IgnoreMatcher, looksBinary, textLooksBinary } from '../../syntax/index.ts';

export type FileRead =
  | { kind: 'text'; text: string }
  | { kind: 'missing' }
  | { kind: 'binary' }
  | { kind: 'too-large'; bytes: number }
  | { kind: 'directory' };

export interface PlanWorkspace {
  /** Absolute path of the workspace folder. */
  readonly root: string;
  read(rel: string): FileRead;
  ignored(rel: string): boolean;
  /** The name of another workspace folder the path belongs to (multi-root), if any. */
  otherFolder?(rel: string): string | undefined;
}

/** Another folder of a multi-root workspace: a plan confined to this one must not reach it. */
export interface OtherFolder { name: string; root: string }

export interface NodeWorkspaceOptions {
  exclude?: readonly string[];
  maxFileBytes?: number;
  /** Text of files open in an editor, which wins over the disk (unsaved edits). */
  openText?(rel: string): string | undefined;
  /** The workspace's other folders (multi-root). */
  otherFolders?: readonly OtherFolder[];
}

export function nodePlanWorkspace(root: string, opts: NodeWorkspaceOptions = {}): PlanWorkspace {
  const matcher = new IgnoreMatcher(root, opts.exclude ?? DEFAULT_EXCLUDES);
  const maxBytes = opts.maxFileBytes ?? 1_000_000;
  return {
    root,
    ignored: (rel) => matcher.ignoresPath(rel),
    otherFolder: (rel) => otherFolderOf(root, rel, opts.otherFolders ?? []),
    read: (rel) => {
      // An open buffer is judged as its file would be: a binary file opened anyway, or one grown past the limit, is not text to plan on.
      const open = opts.openText?.(rel);
      if (open !== undefined) {
        if (textLooksBinary(open)) return { kind: 'binary' };
        const bytes = Buffer.byteLength(open);
        return bytes > maxBytes ? { kind: 'too-large', bytes } : { kind: 'text', text: open };
      }
      const abs = join(root, rel);
      const stat = statSync(abs, { throwIfNoEntry: false });
      if (!stat) return { kind: 'missing' };
      if (stat.isDirectory()) return { kind: 'directory' };
      if (stat.size > maxBytes) return { kind: 'too-large', bytes: stat.size };
      const bytes = readFileSync(abs);
      if (looksBinary(bytes)) return { kind: 'binary' };
      return { kind: 'text', text: bytes.toString('utf8') };
    },
  };
}

/**
 * Why a path named by a plan is unsafe, or undefined when it is a plain
 * workspace-relative path that stays inside the workspace on disk.
 */
export function checkPlanPath(ws: PlanWorkspace, rel: string): string | undefined {
  if (rel.includes('\0')) return 'contains a NUL character';
  if (rel.includes('\\')) return 'uses backslashes (write forward slashes)';
  if (isAbsolute(rel) || /^[a-zA-Z]:/.test(rel) || /^[a-z][a-z0-9+.-]*:/i.test(rel)) return 'is absolute (paths must be relative to the workspace)';
  const segments = rel.split('/');
  if (segments.includes('..')) return 'contains ".." (paths must stay inside the workspace)';
  if (segments.some((s) => s === '' || s === '.')) return 'is not a normalised relative path';
  const other = ws.otherFolder?.(rel);
  if (other !== undefined) return `belongs to the workspace folder "${other}" (a change started in one folder edits only that folder's files)`;
  if (ws.ignored(rel)) return 'is ignored (.gitignore, .switchyardignore or files.exclude), so Switchyard never edits it';
  const escape = symlinkEscape(ws.root, rel);
  if (escape) return escape;
  return undefined;
}

/** A folder nested inside this one owns its subtree; a first segment naming a sibling folder means that folder. */
function otherFolderOf(root: string, rel: string, others: readonly OtherFolder[]): string | undefined {
  const abs = join(root, rel);
  for (const f of others) {
    const inside = relative(f.root, abs);
    const nested = !relative(root, f.root).startsWith('..');
    if (nested && f.root !== root && (inside === '' || (!inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside)))) return f.name;
  }
  const first = rel.split('/')[0]!;
  const named = others.find((f) => f.name === first);
  return named && !existsSync(join(root, first)) ? named.name : undefined;
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Resolves the deepest existing part of the path and checks it is still under the real root. */
function symlinkEscape(root: string, rel: string): string | undefined {
  const realRoot = realPath(root);
  if (realRoot === undefined) return 'the workspace folder cannot be resolved';
  let probe = join(root, rel);
  // A dangling symlink still points somewhere: refuse it rather than follow it.
  const link = lstatSync(probe, { throwIfNoEntry: false });
  if (link?.isSymbolicLink() && !statSync(probe, { throwIfNoEntry: false })) return 'is a symbolic link to a missing target';
  while (!lstatSync(probe, { throwIfNoEntry: false })) {
    const up = dirname(probe);
    if (up === probe) break;
    probe = up;
  }
  const real = realPath(probe);
  if (real === undefined) return 'cannot be resolved on disk';
  const inside = relative(realRoot, real);
  if (inside === '' || (!inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside))) return undefined;
  return 'leads outside the workspace through a symbolic link';
}
