// Runs the emulator as a process: node test/emulator/main.ts [--port N] [--instant] [--rate X]
import { parseArgs } from 'node:util';
import { startEmulator } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    instant: { type: 'boolean', default: false },
    rate: { type: 'string' },
  },
});
const emulator = await startEmulator({
  port: Number(values.port),
  instant: values.instant,
  ...(values.rate !== undefined ? { rateMultiplier: Number(values.rate) } : {}),
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
