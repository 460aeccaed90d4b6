// One measurement in a fresh process: `node --expose-gc bench/child.mjs <case> <impl> <n>` runs one
// implementation of one case and prints its metrics as a JSON line on stdout.
const [caseName, impl, nArg] = process.argv.slice(2);
const { impls } = await import(`./cases/${caseName}.mjs`);
const run = impls[impl];
if (!run) throw new Error(`case ${caseName} has no implementation ${impl}`);
const metrics = await run(Number(nArg));
process.stdout.write(JSON.stringify(metrics) + '\n');
