/** `npm run schema`: writes the config's JSON Schema for editors (yaml-language-server, VS Code). */
import * as fs from 'node:fs';
import { configJsonSchema, JSON_SCHEMA_PATH } from '../lib/config/json-schema';

fs.writeFileSync(JSON_SCHEMA_PATH, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${JSON_SCHEMA_PATH}`);
