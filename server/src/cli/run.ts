import { readFileSync } from 'node:fs';
import { analyze } from '../engine/analyze';
import { detectLanguage } from '../engine/language';
import type { LanguageId } from '../engine/analysis';
import { allChecks } from '../checks/registry';
import { formatJson, formatSarif, formatText, type FileResult } from './format';

export const VERSION = '0.1.0';

const USAGE = `usage: iptables-lint [--format text|json|sarif] [--language shellscript|iptables] FILE... | -

Reads iptables shell scripts and iptables-save/restore files without running them, and reports
traffic-direction mistakes and everything iptables would refuse at load time.

  --format      text (default), json (an array of findings) or sarif (SARIF 2.1.0)
  --language    force the language instead of detecting it from the name and content
  -             read standard input

Exit status: 0 no errors or warnings, 1 errors or warnings found, 2 usage or I/O error.
`;

export interface CliIO {
  readFile(path: string): string;
  readStdin(): string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const nodeIO: CliIO = {
  readFile: (p) => readFileSync(p, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** The whole CLI as a function of its arguments, so tests can drive it without a process. Returns the exit code. */
export function runCli(argv: string[], io: CliIO): number {
  let format: 'text' | 'json' | 'sarif' = 'text';
  let language: LanguageId | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      io.stdout(USAGE);
      return 0;
    } else if (a === '--version') {
      io.stdout(`iptables-lint ${VERSION}\n`);
      return 0;
    } else if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v !== 'text' && v !== 'json' && v !== 'sarif') {
        io.stderr(`iptables-lint: --format must be text, json or sarif${v === undefined ? '' : ` (got '${v}')`}\n`);
        return 2;
      }
      format = v;
    } else if (a === '--language' || a.startsWith('--language=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v !== 'shellscript' && v !== 'iptables') {
        io.stderr(`iptables-lint: --language must be shellscript or iptables\n`);
        return 2;
      }
      language = v;
    } else if (a.startsWith('-') && a !== '-') {
      io.stderr(`iptables-lint: unknown option '${a}'\n\n${USAGE}`);
      return 2;
    } else {
      files.push(a);
    }
  }
  if (files.length === 0) {
    io.stderr(USAGE);
    return 2;
  }

  const results: FileResult[] = [];
  let ioError = false;
  for (const file of files) {
    let text: string;
    try {
      text = file === '-' ? io.readStdin() : io.readFile(file);
    } catch (err) {
      io.stderr(`iptables-lint: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      ioError = true;
      continue;
    }
    const fileName = file === '-' ? undefined : file;
    const analysis = analyze(text, { languageId: language ?? detectLanguage(fileName, text), fileName });
    results.push({ file, findings: analysis ? analysis.findings : [] });
  }

  if (format === 'json') io.stdout(formatJson(results));
  else if (format === 'sarif') io.stdout(formatSarif(results, allChecks, VERSION));
  else io.stdout(formatText(results));

  if (ioError) return 2;
  const serious = results.some((r) => r.findings.some((f) => f.severity === 'error' || f.severity === 'warning'));
  return serious ? 1 : 0;
}
