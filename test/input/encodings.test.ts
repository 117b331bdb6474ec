import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputFile } from '../../src/input-file';
import { sgdrift } from '../cli/run';

const COMPLIANT = 'examples/production-compliant.json';
const TEXT = '{"SecurityGroups": [], "Note": "café ✓ 𝄞"}';

function written(name: string, bytes: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sgdrift-encoding-')), name);
  writeFileSync(file, bytes);
  return file;
}

/** UTF-16 big-endian: Node has no encoder for it, so swap the bytes of little-endian. */
function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

describe('input files: UTF-8 with a BOM and UTF-16 read like UTF-8', () => {
  it.each([
    ['UTF-8', Buffer.from(TEXT, 'utf8')],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')])],
    // What Windows PowerShell's `>` writes.
    ['UTF-16 LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')])],
    ['UTF-16 BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)])],
    ['UTF-16 LE without a BOM', Buffer.from(TEXT, 'utf16le')],
    ['UTF-16 BE without a BOM', utf16be(TEXT)],
  ])('%s', (_name, bytes) => {
    expect(readInputFile(written('in.json', bytes))).toBe(TEXT);
  });

  it('refuses UTF-16 of an odd length as one line naming the file', () => {
    const file = written(
      'odd.json',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le'), Buffer.from([0x7d])]),
    );
    expect(() => readInputFile(file)).toThrow(`${file}: UTF-16 text of an odd number of bytes`);
  });

  it('audits a snapshot PowerShell wrote (UTF-16 LE) like the UTF-8 one', async () => {
    const json = readFileSync(COMPLIANT, 'utf8');
    const file = written('ps.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]));
    const utf8 = await sgdrift('audit', '-e', 'production', '-s', COMPLIANT, '-f', 'json');
    const utf16 = await sgdrift('audit', '-e', 'production', '-s', file, '-f', 'json');
    expect(utf16.code).toBe(0);
    const findings = (out: string) => (JSON.parse(out) as { findings: unknown[] }).findings;
    expect(findings(utf16.stdout)).toEqual(findings(utf8.stdout));
  });

  it('reads a baseline with a UTF-8 BOM', async () => {
    const yaml = readFileSync('baselines/thebot.yml');
    const file = written('bom.yml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), yaml]));
    const { code, stdout } = await sgdrift('baseline', 'validate', file);
    expect(code).toBe(0);
    expect(stdout).toContain('valid — 6 roles');
  });
});
