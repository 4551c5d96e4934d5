// Glob pattern compilation (files.exclude keys) to regular expressions over
// '/'-separated relative paths.

function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** Translates glob syntax (*, **, ?, [..], {a,b}) to a regex source; no anchors. */
export function globToRegexSource(glob: string): string {
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        const atSegmentEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atSegmentStart && atSegmentEnd) {
          i += 2;
          if (i < glob.length) out += '(?:.*/)?'; // "**/" : zero or more directories
          else out += '.*'; // trailing "**": everything below
          continue;
        }
      }
      while (glob[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) { out += '\\['; continue; }
      let cls = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
      if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
      out += `[${cls}]`;
      i = close;
    } else if (ch === '{') {
      braceDepth++;
      out += '(?:';
    } else if (ch === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (ch === ',' && braceDepth > 0) {
      out += '|';
    } else if (ch === '\\' && i + 1 < glob.length) {
      out += escapeChar(glob[++i]!);
    } else {
      out += escapeChar(ch);
    }
  }
  return out;
}

/** A VS Code-style glob (files.exclude key) matched against a whole relative path. */
export function compileGlob(glob: string): RegExp {
  return new RegExp(`^${globToRegexSource(glob.replace(/^\.\//, ''))}$`);
}
