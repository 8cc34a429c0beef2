// Preloaded into the synthesized app: records the app process's peak RSS when it exits.
const fs = require('node:fs');

process.on('exit', () => {
  const file = process.env.BENCH_PEAK_MEMORY_FILE;
  if (file) fs.writeFileSync(file, String(process.resourceUsage().maxRSS));
});
