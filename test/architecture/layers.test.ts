/**
 * The layering DEVELOPERS.md describes, checked on every import (types included):
 * handlers/CLI → app → rules, events, remediation, notify, report → baseline → model. A lower
 * layer never imports an upper one, siblings never import each other in a circle, and only
 * src/aws imports the AWS SDK.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = join(__dirname, '../../src');

/** Rank of each top folder (or top-level file) of src/; an import may only go to a lower or equal rank. */
const RANK: Record<string, number> = {
  errors: 0,
  model: 1,
  'input-file': 1,
  logger: 2,
  baseline: 2,
  rules: 3,
  events: 3,
  remediation: 3,
  notify: 3,
  report: 3,
  'embedded-metric': 3,
  config: 4,
  app: 5,
  aws: 6,
  handlers: 7,
  cli: 7,
  bench: 7,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

function layerOf(file: string): string {
  const [top = ''] = relative(SRC, file).split('/');
  return top.replace(/\.ts$/, '');
}

interface Edge {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(IMPORT)].flatMap((match) => {
      const specifier = match[1] ?? match[2] ?? '';
      if (!specifier.startsWith('.'))
        return [{ from: layerOf(file), to: `package:${specifier}`, file, specifier }];
      return [{ from: layerOf(file), to: layerOf(resolve(dirname(file), specifier)), file, specifier }];
    });
  });
}

describe('architecture: layers', () => {
  const all = edges();

  it('knows every folder and top-level file of src/', () => {
    const layers = new Set(sourceFiles(SRC).map(layerOf));
    expect([...layers].filter((layer) => !(layer in RANK))).toEqual([]);
  });

  it('never imports upward, types included', () => {
    const upward = all
      .filter((edge) => !edge.to.startsWith('package:') && edge.from !== edge.to)
      .filter((edge) => (RANK[edge.to] ?? 99) > (RANK[edge.from] ?? -1))
      .map((edge) => `${relative(SRC, edge.file)} imports ${edge.specifier}`);
    expect(upward).toEqual([]);
  });

  it('has no circle between sibling layers', () => {
    const graph = new Map<string, Set<string>>();
    for (const edge of all) {
      if (edge.to.startsWith('package:') || edge.from === edge.to) continue;
      if (!graph.has(edge.from)) graph.set(edge.from, new Set());
      graph.get(edge.from)?.add(edge.to);
    }
    const reaches = (from: string, target: string, seen = new Set<string>()): boolean => {
      for (const next of graph.get(from) ?? []) {
        if (next === target) return true;
        if (!seen.has(next)) {
          seen.add(next);
          if (reaches(next, target, seen)) return true;
        }
      }
      return false;
    };
    const circles = [...graph.keys()].filter((layer) => reaches(layer, layer));
    expect(circles).toEqual([]);
  });

  it('imports the AWS SDK only in src/aws (and the benchmark, which stands where AWS would)', () => {
    // src/bench/simulated-aws.ts answers the SDK's own commands for the organization simulation:
    // a stand-in for AWS beneath the real adapters, like the tests' fake endpoint, never product code.
    const sdk = all
      .filter(
        (edge) => edge.to.startsWith('package:@aws-sdk/') && edge.from !== 'aws' && edge.from !== 'bench',
      )
      .map((edge) => `${relative(SRC, edge.file)} imports ${edge.specifier}`);
    expect(sdk).toEqual([]);
  });

  it('finds the imports it checks (the scan itself works)', () => {
    expect(all.some((edge) => edge.from === 'app' && edge.to === 'rules')).toBe(true);
    expect(all.some((edge) => edge.from === 'aws' && edge.to === 'package:@aws-sdk/client-ec2')).toBe(true);
  });
});
