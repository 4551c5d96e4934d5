// Secrets planted in a small workspace: in a .env, an SSH key, an ignored folder,
// and inline in source files the model may see (which must be redacted).
import { write } from '../syntax/helpers.ts';

const ghToken = `ghp_${'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2'}`;
const openaiKey = `sk-proj-${'Q'.repeat(24)}T3BlbkFJ${'R'.repeat(24)}`;
const googleKey = `AIza${'SyD-4f8e2c1b0a9d8e7f6a5b4c3d2e1f0a9b8'.slice(0, 35)}`;
const awsKey = 'AKIAZ7PLANTEDSECRET1';
const envKey = `sk-${'E'.repeat(40)}`;
const sshBody = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW';

export const PLANTED = {
  values: [ghToken, openaiKey, googleKey, awsKey, envKey, sshBody, 'IGNORED-FOLDER-CONTENT', 'SWITCHYARDIGNORED-CONTENT'],
  ghToken, openaiKey, googleKey, awsKey,
};

/** Source that mentions the secrets inline: allowed to be sent, but only redacted. */
export const MONEY_TS = [
  `const token = "${ghToken}";`,
  'export function total(xs: number[]): number {',
  '  return xs.reduce((a, b) => a + b, 0);',
  '}',
  `export const openai = "${openaiKey}";`,
  `export const google = "${googleKey}";`,
  `export const aws = "${awsKey}";`,
  '',
].join('\n');

export function plantSecrets(root: string): void {
  write(root, 'src/money.ts', MONEY_TS);
  write(root, 'src/report.ts', "import { total } from '../trust/money';\nexport const report = (xs: number[]) => `total ${total(xs)}`;\n");
  write(root, '.env', `OPENAI_API_KEY=${envKey}\n`);
  write(root, 'deploy/id_rsa', `-----BEGIN OPENSSH PRIVATE KEY-----\n${sshBody}\n-----END OPENSSH PRIVATE KEY-----\n`);
  write(root, '.gitignore', 'build/\n');
  write(root, 'build/out.ts', 'export const leaked = "IGNORED-FOLDER-CONTENT";\n');
  write(root, '.switchyardignore', 'notes/\n');
  write(root, 'notes/private.ts', 'export const note = "SWITCHYARDIGNORED-CONTENT";\n');
}
