// Shapes shared by the context builders.
import type { Tree } from 'web-tree-sitter';

/** A document as the builders see it; a missing tree means plain text. */
export interface ContextDocument {
  /** Workspace-relative path, as shown to the model and used to skip self-references in the index. */
  path: string;
  text: string;
  tree: Tree | undefined;
  grammarId: string | undefined;
}

/** The exact prompt context a lane would be sent. */
export interface BuiltContext {
  text: string;
  /** o200k_base count of `text` (estimate if the tokenizer is not loaded yet). */
  tokens: number;
  budget: number;
}

export const CURSOR_MARKER = '<|cursor|>';
