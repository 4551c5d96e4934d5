import { redactSecrets, secretFileReason, schemeReason } from '../../src/core/egress-rules.ts';
const k = 'sk-proj-' + 'A'.repeat(40);
console.log(redactSecrets(`const a = "${k}"; AKIA${'B'.repeat(16)} aws_secret_access_key = ${'x'.repeat(40)}\n-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\nAIza${'c'.repeat(35)} ghp_${'d'.repeat(36)} xoxb-123-${'e'.repeat(20)} sk-learn is fine`));
for (const p of ['.env', 'a/.env.local', 'id_rsa', 'x/id_ed25519.pub', '.npmrc', 'infra/main.tfstate', '.git/config', 'src/a.ts', 'README.md', 'env.ts', 'src/environment.ts', '.aws/credentials', 'secrets.yaml', 'key.ts']) console.log(p, secretFileReason(p));
console.log(schemeReason('vscode-userdata'), schemeReason('file'));
