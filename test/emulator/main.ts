// Runs the emulator as a process: node test/emulator/main.ts [--port N] [--instant] [--rate X] [--persona litellm|ollama|vllm|lmstudio|cloud-gateway]
// A persona (gateway-persona.ts) per port: start one process per gateway to play several at once.
import { parseArgs } from 'node:util';
import { GATEWAY_PERSONAS, isPersona } from './gateway-persona.ts';
import { startEmulator } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    instant: { type: 'boolean', default: false },
    rate: { type: 'string' },
    persona: { type: 'string' },
  },
});
if (values.persona !== undefined && !isPersona(values.persona)) {
  console.error(`unknown persona ${values.persona}; one of ${GATEWAY_PERSONAS.join(', ')}`);
  process.exit(2);
}
const emulator = await startEmulator({
  port: Number(values.port),
  instant: values.instant,
  ...(values.rate !== undefined ? { rateMultiplier: Number(values.rate) } : {}),
  ...(isPersona(values.persona) ? { persona: values.persona, allowNoKey: values.persona !== 'litellm' && values.persona !== 'cloud-gateway' } : {}),
});
console.log(`switchyard emulator listening on ${emulator.url}`);
console.log(`  OpenAI baseURL: ${emulator.openaiBaseUrl}   Gemini baseUrl: ${emulator.url}   control: ${emulator.url}/__emulator/`);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping emulator`);
  emulator.close().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
