// The egress gate: the one module that decides whether text may leave the
// machine. Faces ask it before they build a prompt (a denied document gets no
// completion and no quick edit), context builders read files through the same
// rules (IgnoreMatcher: deny list, .gitignore, .switchyardignore, files.exclude),
// and run-task.ts passes every prompt through it: refused in an untrusted
// workspace, refused for a denied file, credentials redacted, redactions counted.
import { redactSecrets, schemeReason, secretFileReason } from '../core/egress-rules.ts';
import type { ChatMessage, ChatPart } from '../core/provider-types.ts';
import { DEFAULT_EXCLUDES, IgnoreMatcher, textLooksBinary } from '../syntax/index.ts';
import type { LanePrompt } from './task-types.ts';

export interface GateDocument {
  /** URI scheme: file, untitled, vscode-userdata, … */
  scheme: string;
  /** Workspace-relative path (forward slashes), when the document is in the workspace. */
  rel?: string;
  /** The workspace folder `rel` is relative to, in a multi-root workspace. */
  folder?: string;
  /** Absolute path with forward slashes, for documents outside the workspace. */
  path?: string;
  /** The start of the text (BINARY_SNIFF_BYTES is enough): a binary file opened anyway is never sent. */
  head?: string;
}

export const BINARY_REASON = 'binary file';

export type GateVerdict = { ok: true } | { ok: false; reason: string };

/** One workspace folder: its name, where it is, and its files.exclude globs. */
export interface GateFolder { name: string; root: string; exclude?: readonly string[] }

export interface EgressGateOptions {
  /** The workspace folder, when there is one: its ignore files apply. */
  root?: string;
  /** files.exclude globs (VS Code) or the defaults. */
  exclude?: readonly string[];
  /** Every folder of a multi-root workspace, each with its own ignores (see setFolders). */
  folders?: readonly GateFolder[];
  /** False in an untrusted workspace: nothing is sent at all. */
  trusted?(): boolean;
}

export const UNTRUSTED_REASON = 'the workspace is not trusted';

export class EgressGate {
  readonly #opts: EgressGateOptions;
  #matcher: IgnoreMatcher | undefined;
  #folders = new Map<string, IgnoreMatcher>();

  constructor(opts: EgressGateOptions = {}) {
    this.#opts = opts;
    if (opts.root) this.#matcher = new IgnoreMatcher(opts.root, opts.exclude ?? DEFAULT_EXCLUDES);
    if (opts.folders) this.setFolders(opts.folders);
  }

  /** The workspace's folders now (added or removed at run time); the first is the default for paths without one. */
  setFolders(folders: readonly GateFolder[]): void {
    this.#folders = new Map(folders.map((f) => [f.name, new IgnoreMatcher(f.root, f.exclude ?? DEFAULT_EXCLUDES)]));
    const first = folders[0];
    this.#matcher = first ? this.#folders.get(first.name) : undefined;
  }

  /** Call when an ignore file changed. */
  reset(): void {
    this.#matcher?.reset();
    for (const m of this.#folders.values()) m.reset();
  }

  trusted(): boolean {
    return this.#opts.trusted?.() ?? true;
  }

  /** Whether a path relative to `folder` (by default the first folder) may be read for a model. */
  checkPath(rel: string, folder?: string): GateVerdict {
    if (!this.trusted()) return { ok: false, reason: UNTRUSTED_REASON };
    // A folder the gate does not know (removed meanwhile) has no ignores to read: refuse rather than guess.
    const named = folder !== undefined && this.#folders.size > 0;
    const matcher = named ? this.#folders.get(folder) : this.#matcher;
    if (named && !matcher) return { ok: false, reason: `not in a workspace folder Switchyard knows (${folder})` };
    const why = matcher ? matcher.reasonFor(rel) : secretFileReason(rel);
    return why ? { ok: false, reason: why } : { ok: true };
  }

  /** Whether an editor document may be sent (completions, quick edit). */
  checkDocument(doc: GateDocument): GateVerdict {
    if (!this.trusted()) return { ok: false, reason: UNTRUSTED_REASON };
    const bad = schemeReason(doc.scheme);
    if (bad) return { ok: false, reason: bad };
    if (doc.head !== undefined && textLooksBinary(doc.head)) return { ok: false, reason: BINARY_REASON };
    if (doc.rel) return this.checkPath(doc.rel, doc.folder);
    // Outside the workspace only the deny list applies (an ~/.ssh/config opened by hand, say).
    const why = doc.path ? secretFileReason(doc.path.replace(/^\/+/, '')) ?? secretFileReason(doc.path.slice(doc.path.lastIndexOf('/') + 1)) : undefined;
    return why ? { ok: false, reason: why } : { ok: true };
  }

  /** The prompt with well-known credentials replaced, and how many were. */
  redact(prompt: LanePrompt): { prompt: LanePrompt; redactions: number } {
    let redactions = 0;
    const clean = (text: string): string => {
      const r = redactSecrets(text);
      redactions += r.count;
      return r.text;
    };
    const body = typeof prompt.prompt === 'string'
      ? clean(prompt.prompt)
      : prompt.prompt.map((m): ChatMessage => ({ role: m.role, content: typeof m.content === 'string' ? clean(m.content) : m.content.map((p) => cleanPart(p, clean)) }));
    const system = prompt.system === undefined ? undefined : clean(prompt.system);
    const suffix = prompt.suffix === undefined ? undefined : clean(prompt.suffix);
    if (redactions === 0) return { prompt, redactions };
    return { prompt: { ...prompt, prompt: body, ...(system !== undefined ? { system } : {}), ...(suffix !== undefined ? { suffix } : {}) }, redactions };
  }
}

/** A part with its free text redacted: text, tool results, and the arguments of calls the model made. */
function cleanPart(part: ChatPart, clean: (text: string) => string): ChatPart {
  switch (part.type) {
    case 'text': return { ...part, text: clean(part.text) };
    case 'tool_result': return { ...part, content: clean(part.content) };
    case 'tool_call': return { ...part, call: { ...part.call, arguments: clean(part.call.arguments) } };
  }
}

/** "completions are off in .env: secret file" */
export function describeRefusal(what: string, file: string, reason: string): string {
  return `${what} ${what.endsWith('s') ? 'are' : 'is'} off in ${file}: ${reason}`;
}
