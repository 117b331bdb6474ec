/**
 * Reads a CloudFormation YAML template into the JSON form a deploy sees: short-form tags
 * (`!Ref`, `!Sub`, `!GetAtt A.Arn`, `!If` …) become `Ref` / `Fn::*` objects. An unknown tag is an
 * error, so a typo such as `!Reff` fails the test instead of passing as a plain string.
 */
import { isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import type { Json } from './cfn';

const FUNCTION_TAGS = new Set([
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
]);

function intrinsic(tag: string, value: Json, where: string): Json {
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (!FUNCTION_TAGS.has(name)) throw new Error(`${where}: unknown CloudFormation tag ${tag}`);
  // `!GetAtt Resource.Attribute` is the one short form whose scalar means a list.
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

function toJson(node: Node | null, where: string): Json {
  let value: Json;
  if (node === null) return null;
  if (isMap(node)) {
    value = {};
    for (const pair of node.items) {
      const key = String(toJson(pair.key as Node, where));
      value[key] = toJson(pair.value as Node | null, `${where}.${key}`);
    }
  } else if (isSeq(node)) {
    value = node.items.map((item, index) => toJson(item as Node, `${where}[${index}]`));
  } else if (isScalar(node)) {
    value = node.value;
  } else {
    throw new Error(`${where}: unsupported YAML node (aliases are not CloudFormation)`);
  }
  return node.tag?.startsWith('!') ? intrinsic(node.tag, value, where) : value;
}

/** The template in `text` as CloudFormation JSON; YAML errors and unknown tags throw. */
export function parseCfnYaml(text: string, file: string): Json {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
  return toJson(document.contents as Node, file);
}
