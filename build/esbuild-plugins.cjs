// esbuild plugins for every bundle (serverless-esbuild loads this file; so do the CLI and bench builds).
const { readFile } = require('node:fs/promises');

/**
 * The AWS SDK's generated schema modules key their traits with computed properties
 * (`{ [_xN]: _u }` where `const _xN = "xmlName"`). esbuild must assume a computed key can have side
 * effects, so it keeps every schema of the service: 0.56 MB of EC2 schemas for the three commands we
 * call. Writing those keys as the string literals they are lets tree shaking drop the unused ones.
 */
const inlineSdkSchemaKeys = {
  name: 'inline-aws-sdk-schema-keys',
  setup(build) {
    build.onLoad(
      { filter: /[\\/]@aws-sdk[\\/][^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        const strings = new Map();
        for (const [, name, literal] of source.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm)) {
          strings.set(name, literal);
        }
        const contents = source.replace(/([{,]\s*)\[(_\w+)\]:/g, (whole, before, name) =>
          strings.has(name) ? `${before}${strings.get(name)}:` : whole,
        );
        return { contents, loader: 'js' };
      },
    );
  },
};

module.exports = [inlineSdkSchemaKeys];
