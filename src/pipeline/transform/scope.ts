// The files a transform runs over: every file with a grammar under the scope
// (a file, a folder or the whole workspace), with ignores honoured and
// binary or oversized files left out. Paths are workspace-relative.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_EXCLUDES, IgnoreMatcher, looksBinary, walkWorkspace, type GrammarRegistry } from '../../syntax/index.ts';
import { checkPlanPath, nodePlanWorkspace, type OtherFolder } from '../refactor/plan-workspace.ts';
import type { ScopeFile } from './check-spec.ts';

export interface ScopeOptions {
  registry: GrammarRegistry;
  exclude?: readonly string[];
  maxFileBytes?: number;
  maxFiles?: number;
  /** Unsaved editor text wins over the disk. */
  openText?(rel: string): string | undefined;
  /** The workspace's other folders (multi-root): a scope naming one is refused. */
  otherFolders?: readonly OtherFolder[];
}

/** `under` is '' for the whole workspace, or a workspace-relative file or folder. */
export function collectScope(root: string, under: string, opts: ScopeOptions): ScopeFile[] {
  const exclude = opts.exclude ?? DEFAULT_EXCLUDES;
  const maxFileBytes = opts.maxFileBytes ?? 1_000_000;
  const ws = nodePlanWorkspace(root, { exclude, maxFileBytes, openText: opts.openText, otherFolders: opts.otherFolders });
  if (under !== '') {
    const why = checkPlanPath(ws, under);
    if (why) throw new Error(`the scope ${under} ${why}`);
  }
  const abs = join(root, under);
  const stat = statSync(abs, { throwIfNoEntry: false });
  if (!stat) throw new Error(`no such file or folder in the workspace: ${under}`);
  const rels = stat.isFile() ? [under]
    : walkWorkspace({ root, matcher: new IgnoreMatcher(root, exclude), maxFileBytes, maxFiles: opts.maxFiles, accept: (rel) => (under === '' || rel.startsWith(`${under}/`)) && opts.registry.forPath(rel) !== undefined }).files.map((f) => f.rel);
  const out: ScopeFile[] = [];
  for (const rel of rels) {
    if (!opts.registry.forPath(rel)) continue;
    const open = opts.openText?.(rel);
    if (open !== undefined) { out.push({ path: rel, text: open }); continue; }
    const bytes = readFileSync(join(root, rel));
    if (bytes.length > maxFileBytes || looksBinary(bytes)) continue;
    out.push({ path: rel, text: bytes.toString('utf8') });
  }
  return out;
}
