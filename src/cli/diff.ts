// Unified diffs shown to the user, made by the `diff` package from a file's
// text before and after: git-style `a/` and `b/` names, /dev/null for a file
// that is created or deleted, standard hunks and "\ No newline" markers.
import { FILE_HEADERS_ONLY, createTwoFilesPatch } from 'diff';

/**
 * The diff from `before` to `after` (undefined: the file does not exist on that
 * side); '' when nothing changed.
 */
export function unifiedDiff(path: string, before: string | undefined, after: string | undefined, context = 3): string {
  if (before === after) return '';
  const oldName = before === undefined ? '/dev/null' : `a/${path}`;
  const newName = after === undefined ? '/dev/null' : `b/${path}`;
  return createTwoFilesPatch(oldName, newName, before ?? '', after ?? '', undefined, undefined, { context, headerOptions: FILE_HEADERS_ONLY });
}
