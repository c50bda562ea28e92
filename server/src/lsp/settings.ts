import type { Connection } from 'vscode-languageserver';
import type { Severity } from '../core/finding';

export type SeverityOverride = Severity | 'off';

/** What a user can set under `iptables.*`, read per document (a folder may configure its own). */
export interface Settings {
  enable: boolean;
  /** Per-code override, e.g. `{ "IPT401": "off", "IPT302": "warning" }`. */
  severity: Record<string, SeverityOverride>;
  inlayHints: { enable: boolean };
  /** Quiet time after the last keystroke before a document is analysed again. */
  debounceMs: number;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  enable: true,
  severity: {},
  inlayHints: { enable: true },
  debounceMs: 150,
});

/**
 * Settings for one document at a time. With a client that answers `workspace/configuration` we ask
 * it (scoped to the document) and remember the answer for that document until the configuration
 * changes or the document closes; without one, the `iptables` section of the initialization options
 * or of the last `didChangeConfiguration` applies to every document.
 */
export interface SettingsSource {
  forDocument(uri: string): Promise<Settings>;
  /** The configuration changed: forget what we know (and take the pushed section when there is one). */
  changed(pushed: unknown): void;
  forget(uri: string): void;
  /** The last answer for a document, without asking (the debounce needs a number right away). */
  known(uri: string): Settings | undefined;
}

export function createSettingsSource(connection: Connection, clientAnswersConfiguration: boolean, initial: unknown): SettingsSource {
  let pushed = parseSettings(initial);
  const perDocument = new Map<string, Promise<Settings>>();
  const resolved = new Map<string, Settings>();

  const ask = async (uri: string): Promise<Settings> => {
    if (!clientAnswersConfiguration) return pushed;
    try {
      const [section] = await connection.workspace.getConfiguration([{ scopeUri: uri, section: 'iptables' }]);
      // A client without an `iptables` section answers null: the pushed/initial settings still apply.
      return section == null ? pushed : parseSettings(section, pushed);
    } catch {
      return pushed;
    }
  };

  return {
    forDocument(uri) {
      let settings = perDocument.get(uri);
      if (!settings) {
        settings = ask(uri).then((s) => {
          if (perDocument.get(uri) === settings) resolved.set(uri, s);
          return s;
        });
        perDocument.set(uri, settings);
      }
      return settings;
    },
    changed(section) {
      const iptables = section && typeof section === 'object' ? (section as Record<string, unknown>).iptables : undefined;
      if (iptables !== undefined) pushed = parseSettings(iptables);
      perDocument.clear();
      resolved.clear();
    },
    forget(uri) {
      perDocument.delete(uri);
      resolved.delete(uri);
    },
    known: (uri) => resolved.get(uri),
  };
}

const SEVERITY_WORDS: Record<string, SeverityOverride> = {
  off: 'off',
  none: 'off',
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
  information: 'info',
  hint: 'hint',
};

/** Settings from whatever JSON a client sends: unknown keys ignored, wrong types fall back to `base`. */
export function parseSettings(raw: unknown, base: Settings = DEFAULT_SETTINGS): Settings {
  if (!raw || typeof raw !== 'object') return base;
  const r = raw as Record<string, unknown>;
  const severity: Record<string, SeverityOverride> = { ...base.severity };
  if (r.severity && typeof r.severity === 'object') {
    for (const [code, value] of Object.entries(r.severity as Record<string, unknown>)) {
      const word = typeof value === 'string' ? SEVERITY_WORDS[value.toLowerCase()] : undefined;
      if (word) severity[code.toUpperCase()] = word;
    }
  }
  const inlay = r.inlayHints && typeof r.inlayHints === 'object' ? (r.inlayHints as Record<string, unknown>).enable : undefined;
  const debounce = r.debounceMs;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : base.enable,
    severity,
    inlayHints: { enable: typeof inlay === 'boolean' ? inlay : base.inlayHints.enable },
    debounceMs: typeof debounce === 'number' && debounce >= 0 && debounce <= 10_000 ? debounce : base.debounceMs,
  };
}
