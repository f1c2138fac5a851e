/**
 * Writes schemas/ensemble.schema.json (`npm run build && npm run schema`). Run from the repository
 * root; the spec beside the loader fails when the committed file differs from ensembleJsonSchema().
 */
import { ensembleJsonSchema } from './json-schema/ensemble-json-schema';
import { writeJsonSchemaFile } from './files/json-schema-file';

const target = process.argv[2] ?? 'schemas/ensemble.schema.json';
writeJsonSchemaFile(target, ensembleJsonSchema());
process.stdout.write(`wrote ${target}\n`);
