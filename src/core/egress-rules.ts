// The pure rules of the egress gate (src/pipeline/egress-gate.ts): which files
// never leave the machine whatever the ignore files say, which editor schemes
// are not workspace code, and which credential formats are redacted from text
// that may leave. Kept free of I/O so every layer can apply the same rules.
import ignore from 'ignore';

/** Built-in deny list, gitignore syntax (matched against workspace-relative paths). */
export const SECRET_FILE_PATTERNS: readonly string[] = [
  // Environment files and generic secret stores.
  '.env', '.env.*', '*.env', '.envrc', 'secrets.*', '*.secret', '*.secrets',
  // Keys and certificates.
  '*.pem', '*.key', '*.p8', '*.p12', '*.pfx', '*.jks', '*.keystore', '*.crt', '*.cer', '*.der', '*.gpg', '*.asc', '*.ppk',
  // SSH.
  'id_rsa*', 'id_dsa*', 'id_ecdsa*', 'id_ed25519*', '.ssh/', 'known_hosts', 'authorized_keys',
  // Package-manager and tool credentials.
  '.npmrc', '.yarnrc.yml', '.pypirc', '.netrc', '_netrc', '.git-credentials', '.htpasswd', '.dockercfg', '.docker/config.json',
  '.gem/credentials', '.cargo/credentials*', '.composer/auth.json', 'auth.json',
  // Cloud credentials.
  '.aws/', '.azure/', '.config/gcloud/', 'gcloud/', '.kube/config', 'kubeconfig', 'credentials.json', 'credentials.csv',
  'service-account*.json', '*-service-account*.json', 'application_default_credentials.json', 'client_secret*.json',
  // Infrastructure state (holds provider secrets in clear text).
  '*.tfstate', '*.tfstate.*', '*.tfvars', '.terraform/',
  // Version-control internals.
  '.git/', '.svn/', '.hg/',
];

const secretFiles = ignore().add([...SECRET_FILE_PATTERNS]);

/** 'secret file' when the path is on the built-in deny list. Paths are relative, forward slashes. */
export function secretFileReason(rel: string): 'secret file' | undefined {
  const clean = rel.replace(/^\/+/, '');
  if (clean === '' || clean.split('/').includes('..')) return undefined;
  return secretFiles.ignores(clean) ? 'secret file' : undefined;
}

/**
 * Why a document with this URI scheme never reaches a model, or undefined when
 * its scheme holds workspace code. `vscode-userdata` is VS Code's own
 * settings.json, keybindings and snippets, where gateway headers live.
 */
export function schemeReason(scheme: string): string | undefined {
  if (scheme === 'file' || scheme === 'untitled' || scheme === 'vscode-remote') return undefined;
  if (scheme === 'vscode-userdata' || scheme === 'vscode-settings') return 'VS Code settings';
  return `not a workspace file (${scheme})`;
}

/** Credential formats redacted from every prompt, by kind (the ledger counts kinds, never values). */
const SECRET_FORMATS: readonly (readonly [kind: string, source: string])[] = [
  ['private-key', String.raw`-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|$)`],
  ['openai-key', String.raw`\bsk-(?:proj-|svcacct-|admin-|ant-[a-z0-9]+-)?[A-Za-z0-9_-]{20,}`],
  ['google-key', String.raw`\bAIza[0-9A-Za-z_-]{35}`],
  ['google-oauth', String.raw`\bya29\.[0-9A-Za-z_-]{20,}`],
  ['aws-key', String.raw`\b(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}\b`],
  ['aws-secret', String.raw`(?<=(?:AWS_?|aws_?|Aws_?)?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["']?\s*(?::|=>|=)\s*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])`],
  ['github-token', String.raw`\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})`],
  ['slack-token', String.raw`\bxox[abeposr]-(?:\d+-)?[A-Za-z0-9-]{10,}`],
  ['slack-webhook', String.raw`https://hooks\.slack\.com/services/[A-Za-z0-9/_-]{20,}`],
  ['stripe-key', String.raw`\b[rs]k_live_[0-9A-Za-z]{20,}`],
  ['npm-token', String.raw`\bnpm_[A-Za-z0-9]{36}\b`],
];

const COMBINED = new RegExp(SECRET_FORMATS.map(([, src]) => `(${src})`).join('|'), 'g');
// Cheap first look: most prompts hold none of these markers, and then the big regex never runs.
const HINT = /sk-|AIza|ya29\.|A3T|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|secret_?access|gh[pousr]_|github_pat_|xox|hooks\.slack|_live_|npm_|PRIVATE KEY/i;

export interface Redaction {
  text: string;
  /** Secrets replaced. */
  count: number;
  /** How many of each kind (for logs and the ledger; never the values). */
  kinds: Readonly<Record<string, number>>;
}

/** Replaces well-known credential formats with `[REDACTED:<kind>]`. */
export function redactSecrets(text: string): Redaction {
  if (!HINT.test(text)) return { text, count: 0, kinds: {} };
  const kinds: Record<string, number> = {};
  let count = 0;
  const out = text.replace(COMBINED, (...args: unknown[]) => {
    const groups = args.slice(1, SECRET_FORMATS.length + 1);
    const kind = SECRET_FORMATS[groups.findIndex((g) => g !== undefined)]?.[0] ?? 'secret';
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    count++;
    return `[REDACTED:${kind}]`;
  });
  return { text: out, count, kinds };
}
