// Where a completion was made, remembered well enough to recognise the same
// place after the user typed some of its characters. Only a bounded tail of the
// prefix and head of the suffix are kept, so matching stays cheap on big files.

export const PREFIX_TAIL = 512;
export const SUFFIX_HEAD = 256;

/** A cursor position in a document's current text. */
export interface CursorAt {
  uri: string;
  text: string;
  offset: number;
}

export interface Anchor {
  uri: string;
  offset: number;
  prefixTail: string;
  /** The prefix tail reaches the start of the document. */
  atStart: boolean;
  suffixHead: string;
}

export function anchorAt(at: CursorAt): Anchor {
  const from = Math.max(0, at.offset - PREFIX_TAIL);
  return {
    uri: at.uri,
    offset: at.offset,
    prefixTail: at.text.slice(from, at.offset),
    atStart: from === 0,
    suffixHead: at.text.slice(at.offset, at.offset + SUFFIX_HEAD),
  };
}

export function suffixHeadAt(at: CursorAt): string {
  return at.text.slice(at.offset, at.offset + SUFFIX_HEAD);
}

/**
 * How many characters of `produced` the user has typed since the anchor, or -1
 * when the current position is not the anchor plus a prefix of `produced`.
 * `maxTyped` bounds the answer (the whole completion typed leaves nothing to show).
 */
export function typedSince(anchor: Anchor, at: CursorAt, produced: string, maxTyped: number): number {
  if (anchor.uri !== at.uri) return -1;
  if (at.text.slice(at.offset, at.offset + SUFFIX_HEAD) !== anchor.suffixHead) return -1;
  const ptLen = anchor.prefixTail.length;
  const limit = Math.min(maxTyped, produced.length, at.offset - ptLen);
  for (let typed = limit; typed >= 0; typed--) {
    // Cheap rejection first: the last typed character.
    if (typed > 0 && at.text.charCodeAt(at.offset - 1) !== produced.charCodeAt(typed - 1)) continue;
    const start = at.offset - typed;
    if (anchor.atStart && start - ptLen !== 0) continue;
    if (!at.text.startsWith(anchor.prefixTail, start - ptLen)) continue;
    if (typed > 0 && !at.text.startsWith(produced.slice(0, typed), start)) continue;
    return typed;
  }
  return -1;
}
