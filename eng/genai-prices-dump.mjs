// Writes the price data bundled in the npm package @pydantic/genai-prices (MIT) as JSON on stdout, in the shape
// `crossover catalog check --against` reads: { package, version, date, providers: [...] }. The package keeps its data
// inside its JavaScript; each provider is read back through the package's own findProvider().
// Usage: node eng/genai-prices-dump.mjs <folder npm installed the package into>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const folder = process.argv[2];
const require = createRequire(join(folder, 'package.json'));
const lib = require('@pydantic/genai-prices');
const packageFolder = join(folder, 'node_modules', '@pydantic', 'genai-prices');
const manifest = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8'));
const source = readFileSync(join(packageFolder, 'dist', 'index.js'), 'utf8');
// Provider ids are the top-level entries of the bundled list: `    id: "openai",` followed by `    name:`.
const ids = [...new Set([...source.matchAll(/\n {4}id: "([A-Za-z0-9._-]+)",\n {4}name:/g)].map(m => m[1]))];
const providers = ids.map(id => lib.findProvider({ providerId: id })).filter(Boolean);
if (providers.length === 0) {
  throw new Error(`no providers found in ${manifest.name} ${manifest.version}: its bundle layout changed`);
}

let date = null;
try {
  const times = JSON.parse(execFileSync('npm', ['view', `${manifest.name}@${manifest.version}`, 'time', '--json'], { encoding: 'utf8' }));
  date = (times[manifest.version] ?? '').slice(0, 10) || null;
} catch {
  // the registry is unreachable: the dump carries no date and the check says so
}

process.stdout.write(JSON.stringify({ package: manifest.name, version: manifest.version, date, providers }, null, 1));
