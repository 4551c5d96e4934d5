// Field checks shared by the ledger's request and event records.

export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function isIsoTime(v: unknown): v is string {
  return typeof v === 'string' && ISO_TIME.test(v) && !Number.isNaN(Date.parse(v));
}

/** Relative, forward slashes, no `..` segment, no drive or scheme: no absolute path leaks into the ledger. */
export function isWorkspaceRelative(p: unknown): p is string {
  if (typeof p !== 'string' || p.length === 0) return false;
  if (p.startsWith('/') || p.includes('\\') || /^[a-zA-Z]:/.test(p) || /^[a-z][a-z0-9+.-]*:/i.test(p)) return false;
  return !p.split('/').some((seg) => seg === '..' || seg === '');
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

export function isDuration(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}
