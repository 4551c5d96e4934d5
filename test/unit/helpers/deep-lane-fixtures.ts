// Specs and plans the emulator returns in the deep-lane tests.
export const CONSOLE_LOG_QUERY = `(call_expression
  function: (member_expression
    object: (identifier) @obj (#eq? @obj "console")
    property: (property_identifier) @prop (#eq? @prop "log"))
  arguments: (arguments (_)* @args)) @match`;

export const consoleSpec = (over: Record<string, unknown> = {}) => ({
  language: 'typescript',
  query: CONSOLE_LOG_QUERY,
  rewrite: 'logger.debug(@args)',
  examples: [{ before: 'console.log(a, 1);\n', after: 'logger.debug(a, 1);\n' }],
  ...over,
});

/** n small TypeScript files, each with `perFile` console.log calls. */
export function consoleFiles(n: number, perFile = 2): { path: string; text: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    path: `src/gen/file${String(i).padStart(3, '0')}.ts`,
    text: `export function f${i}(x: number): number {\n${Array.from({ length: perFile }, (_, j) => `  console.log('f${i}', x, ${j});\n`).join('')}  console.warn('kept');\n  return x * ${i};\n}\n`,
  }));
}
