/**
 * Just enough of CloudFormation to read a packaged template as a deploy would see it: stage params
 * are literals by now, so conditions evaluate statically, resources whose condition is false drop
 * out, and Fn::If / Fn::Split resolve. Ref, Fn::GetAtt and Fn::Sub stay as written.
 */

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation templates are untyped JSON.
export type Json = any;

export interface Resource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  Properties?: Json;
  [key: string]: Json;
}

const NO_VALUE = Symbol('AWS::NoValue');

function literal(value: Json, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where}: not a literal string: ${JSON.stringify(value)}`);
  return value;
}

/** The value of a named condition in `template`. */
export function evaluateCondition(template: Json, name: string): boolean {
  const expression = template.Conditions?.[name];
  if (expression === undefined) throw new Error(`Unknown condition ${name}`);
  return evaluateExpression(template, expression, name);
}

function evaluateExpression(template: Json, expression: Json, where: string): boolean {
  if (expression.Condition !== undefined) return evaluateCondition(template, expression.Condition);
  if (expression['Fn::Equals']) {
    const [left, right] = expression['Fn::Equals'];
    return literal(left, where) === literal(right, where);
  }
  if (expression['Fn::Not']) return !evaluateExpression(template, expression['Fn::Not'][0], where);
  if (expression['Fn::And']) {
    return expression['Fn::And'].every((part: Json) => evaluateExpression(template, part, where));
  }
  if (expression['Fn::Or']) {
    return expression['Fn::Or'].some((part: Json) => evaluateExpression(template, part, where));
  }
  throw new Error(`${where}: unsupported condition ${JSON.stringify(expression)}`);
}

function resolve(template: Json, value: Json): Json {
  if (Array.isArray(value)) {
    return value.map((item) => resolve(template, item)).filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  if (value.Ref === 'AWS::NoValue') return NO_VALUE;
  if (value['Fn::If']) {
    const [condition, whenTrue, whenFalse] = value['Fn::If'];
    return resolve(template, evaluateCondition(template, condition) ? whenTrue : whenFalse);
  }
  if (value['Fn::Split']) {
    const [separator, source] = value['Fn::Split'];
    const text = resolve(template, source);
    return typeof text === 'string' ? text.split(separator) : value;
  }
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolve(template, item);
    if (resolved !== NO_VALUE) out[key] = resolved;
  }
  return out;
}

/** The resources a deploy of this template creates, with Fn::If and Fn::Split resolved. */
export function effectiveResources(template: Json): Record<string, Resource> {
  const out: Record<string, Resource> = {};
  for (const [id, resource] of Object.entries<Resource>(template.Resources)) {
    if (resource.Condition && !evaluateCondition(template, resource.Condition)) continue;
    out[id] = resolve(template, resource);
  }
  return out;
}

/** Logical ids `value` refers to through Ref, Fn::GetAtt or Fn::Sub (pseudo parameters excluded). */
export function referencedIds(value: Json): Set<string> {
  const ids = new Set<string>();
  const visit = (node: Json): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (typeof node.Ref === 'string' && !node.Ref.startsWith('AWS::')) ids.add(node.Ref);
    if (Array.isArray(node['Fn::GetAtt'])) ids.add(node['Fn::GetAtt'][0]);
    if (typeof node['Fn::GetAtt'] === 'string') ids.add(node['Fn::GetAtt'].split('.')[0] as string);
    const sub = node['Fn::Sub'];
    const subText = typeof sub === 'string' ? sub : Array.isArray(sub) ? sub[0] : undefined;
    const subVars = Array.isArray(sub) ? Object.keys(sub[1] ?? {}) : [];
    if (typeof subText === 'string') {
      for (const match of subText.matchAll(/\$\{([^!}][^}]*)\}/g)) {
        const name = (match[1] as string).split('.')[0] as string;
        if (!name.startsWith('AWS::') && !subVars.includes(name)) ids.add(name);
      }
    }
    for (const item of Object.values(node)) visit(item);
  };
  visit(value);
  return ids;
}

/** Resources of one type, by logical id. */
export function resourcesOfType(resources: Record<string, Resource>, type: string): Record<string, Resource> {
  return Object.fromEntries(Object.entries(resources).filter(([, resource]) => resource.Type === type));
}

/** Values given as one item or a list, as a list. */
export function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
