/**
 * Instantiates a parameterised template as CloudFormation would for one stack instance: parameter
 * values are checked against AllowedValues / AllowedPattern (a CommaDelimitedList item by item),
 * then every Ref to a parameter or pseudo parameter and every such `${…}` in Fn::Sub becomes a
 * literal. What is left (Ref / GetAtt to resources) stays symbolic, so cfn.ts's
 * `effectiveResources` can evaluate the conditions of the result.
 */
import type { Json } from './cfn';

export interface StackInstance {
  /** Parameter values; parameters with a Default may be left out. */
  parameters: Record<string, string>;
  region: string;
  accountId: string;
}

const PARTITION = 'aws';

/** The instance's parameter values, validated as CloudFormation does at create time. */
export function parameterValues(template: Json, instance: StackInstance): Record<string, string | string[]> {
  const declared: Record<string, Json> = template.Parameters ?? {};
  const unknown = Object.keys(instance.parameters).filter((name) => !(name in declared));
  if (unknown.length > 0) throw new Error(`Unknown parameter(s): ${unknown.join(', ')}`);
  const values: Record<string, string | string[]> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const raw = instance.parameters[name] ?? spec.Default;
    if (raw === undefined) throw new Error(`Parameter ${name}: no value and no default`);
    const items = spec.Type === 'CommaDelimitedList' ? String(raw).split(',') : [String(raw)];
    for (const item of items) {
      if (spec.AllowedValues && !spec.AllowedValues.includes(item))
        throw new Error(`Parameter ${name}: ${JSON.stringify(item)} is not one of ${spec.AllowedValues}`);
      if (spec.AllowedPattern && !new RegExp(`^(?:${spec.AllowedPattern})$`).test(item))
        throw new Error(`Parameter ${name}: ${JSON.stringify(item)} does not match ${spec.AllowedPattern}`);
    }
    values[name] = spec.Type === 'CommaDelimitedList' ? items : (items[0] as string);
  }
  return values;
}

/** `template` with every parameter and pseudo parameter replaced by its value. */
export function instantiate(template: Json, instance: StackInstance): Json {
  const values: Record<string, string | string[]> = {
    ...parameterValues(template, instance),
    'AWS::Region': instance.region,
    'AWS::AccountId': instance.accountId,
    'AWS::Partition': PARTITION,
  };
  const substitute = (text: string, extra: Record<string, Json>): string =>
    text.replace(/\$\{([^!}][^}]*)\}/g, (whole, name: string) => {
      const value = name in extra ? extra[name] : values[name];
      return typeof value === 'string' ? value : whole;
    });
  const visit = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    if (typeof node.Ref === 'string' && node.Ref in values) return values[node.Ref];
    const sub = node['Fn::Sub'];
    if (sub !== undefined) {
      const [text, vars] = typeof sub === 'string' ? [sub, {}] : [sub[0], visit(sub[1] ?? {})];
      const result = substitute(text, vars);
      return /\$\{[^!]/.test(result)
        ? { 'Fn::Sub': typeof sub === 'string' ? result : [result, vars] }
        : result;
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, visit(value)]));
  };
  const { Parameters: _parameters, ...rest } = template;
  return visit(rest);
}
