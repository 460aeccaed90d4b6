// sync.Once: lazy initialisation shared by many goroutines. Every caller of `once.do` waits until
// the single run of the function has finished, so all of them see the loaded value.
import { sleep, Once, WaitGroup } from 'goroutines';

interface Config {
  region: string;
  replicas: number;
}

let loads = 0;
let config: Config | null = null;
const loadOnce = new Once();

async function getConfig(): Promise<Config> {
  await loadOnce.do(async () => {
    loads++;
    await sleep(5); // stands for reading a file
    config = { region: 'eu-west', replicas: 3 };
  });
  if (config === null) throw new Error('config failed to load');
  return config;
}

async function main(): Promise<void> {
  const seen: Config[] = [];
  const wg = new WaitGroup();
  for (let i = 0; i < 5; i++) {
    wg.go(async () => {
      seen.push(await getConfig());
    });
  }
  await wg.wait();
  console.log(`loads: ${loads}`);
  console.log(`callers: ${seen.length}, same config: ${seen.every((c) => c === seen[0])}`);
  console.log(`region: ${seen[0]?.region}`);
}

await main();
