// Static maps from VS Code language ids and file extensions to grammar ids.
// Grammar ids are the keys of grammars/manifest.json.

const LANGUAGE_ID_TO_GRAMMAR: Readonly<Record<string, string>> = {
  typescript: 'typescript',
  typescriptreact: 'tsx',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  python: 'python',
  go: 'go',
  rust: 'rust',
  java: 'java',
  c: 'c',
  cpp: 'cpp',
  csharp: 'c_sharp',
  ruby: 'ruby',
  php: 'php',
  shellscript: 'bash',
  json: 'json',
  jsonc: 'json',
  jsonl: 'json',
};

const EXTENSION_TO_GRAMMAR: Readonly<Record<string, string>> = {
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.py': 'python', '.pyi': 'python',
  '.go': 'go',
  '.rs': 'rust',
  '.java': 'java',
  '.c': 'c', '.h': 'c',
  '.cc': 'cpp', '.cpp': 'cpp', '.cxx': 'cpp', '.hpp': 'cpp', '.hh': 'cpp', '.hxx': 'cpp',
  '.cs': 'c_sharp',
  '.rb': 'ruby',
  '.php': 'php',
  '.sh': 'bash', '.bash': 'bash',
  '.json': 'json', '.jsonc': 'json',
};

/** Grammar id for a VS Code languageId, or undefined (plain text). */
export function grammarForLanguageId(languageId: string): string | undefined {
  return LANGUAGE_ID_TO_GRAMMAR[languageId];
}

/** Grammar id for a file path by extension, or undefined (plain text). */
export function grammarForPath(path: string): string | undefined {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return EXTENSION_TO_GRAMMAR[base.slice(dot).toLowerCase()];
}

/** Accepts a grammar id, a VS Code languageId, or a file extension (with or without dot). */
export function resolveGrammarName(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (Object.values(LANGUAGE_ID_TO_GRAMMAR).includes(lower)) return lower;
  return grammarForLanguageId(lower) ?? EXTENSION_TO_GRAMMAR[lower.startsWith('.') ? lower : `.${lower}`];
}
