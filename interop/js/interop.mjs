// Exchanges Avro values with MedMoE Stream through a schema registry using Confluent's own
// JavaScript client (@confluentinc/schemaregistry), to prove wire compatibility.
//
//   node interop.mjs read  <registry-url> <topic> <value.b64>
//       deserializes a wire-format value (base64 in a file) and prints it as JSON on stdout
//   node interop.mjs write <registry-url> <topic> <schema.avsc> <value.json> <out.b64>
//       registers the schema under <topic>-value, serializes the JSON value with it and writes
//       the wire-format bytes (base64) to <out.b64>; prints the schema id
//
// JSON conventions (avsc's): a union with null is the plain value or null, enums are symbol
// strings, timestamp-millis is a number of milliseconds, bytes are base64 strings on output.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  AvroDeserializer,
  AvroSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';

function usage(message) {
  console.error(message);
  console.error('usage: node interop.mjs read <registry-url> <topic> <value.b64>');
  console.error('       node interop.mjs write <registry-url> <topic> <schema.avsc> <value.json> <out.b64>');
  process.exit(2);
}

function client(url) {
  return new SchemaRegistryClient({ baseURLs: [url], maxRetries: 2, retriesWaitMs: 200, retriesMaxWaitMs: 1000 });
}

function toJson(value) {
  return JSON.stringify(value, (key, v) => {
    if (v && v.type === 'Buffer' && Array.isArray(v.data)) {
      return Buffer.from(v.data).toString('base64');
    }
    if (typeof v === 'bigint') {
      return Number(v);
    }
    return v;
  }, 2);
}

async function read(url, topic, file) {
  const payload = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  const deserializer = new AvroDeserializer(client(url), SerdeType.VALUE, {});
  const value = await deserializer.deserialize(topic, payload);
  process.stdout.write(toJson(value) + '\n');
}

async function write(url, topic, schemaFile, valueFile, outFile) {
  const registry = client(url);
  const schema = readFileSync(schemaFile, 'utf8');
  const id = await registry.register(`${topic}-value`, { schemaType: 'AVRO', schema });
  const serializer = new AvroSerializer(registry, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
  const value = JSON.parse(readFileSync(valueFile, 'utf8'));
  const bytes = await serializer.serialize(topic, value);
  writeFileSync(outFile, bytes.toString('base64') + '\n');
  process.stdout.write(JSON.stringify({ schemaId: id, bytes: bytes.length }) + '\n');
}

const [command, ...args] = process.argv.slice(2);
try {
  if (command === 'read' && args.length === 3) {
    await read(...args);
  } else if (command === 'write' && args.length === 5) {
    await write(...args);
  } else {
    usage(`unknown command or wrong arguments: ${process.argv.slice(2).join(' ')}`);
  }
} catch (e) {
  console.error(`interop ${command} failed: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
}
