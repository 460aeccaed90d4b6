// Mocha entry point loaded by VS Code's extension host: runs every *.test.js beside this file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // E2E_GREP (passed through by run.ts) runs only the tests whose title matches, while iterating.
  const grep = process.env.E2E_GREP;
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, ...(grep ? { grep } : {}) });
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) =>
      failures > 0 ? reject(new Error(`${failures} extension test(s) failed`)) : resolve(),
    );
  });
}
