// The smallest LSP client that can time a language server: JSON-RPC 2.0 over stdio with
// Content-Length framing, answers to the requests servers make of their client, and a way to wait
// for the next publishDiagnostics of a document. Each incoming message is stamped with the time its
// bytes arrived, so what is measured is the server, not this client's bookkeeping.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const HEADER_END = Buffer.from('\r\n\r\n');

export class LspClient {
  /**
   * @param {string} command
   * @param {string[]} args
   * @param {{ settings?: Record<string, unknown>, cwd?: string }} options
   *   settings: what `workspace/configuration` answers, by section (e.g. `{ bashIde: {...} }`).
   */
  constructor(command, args, { settings = {}, cwd } = {}) {
    this.settings = settings;
    this.nextId = 1;
    this.pending = new Map();
    this.diagnosticWaiters = [];
    this.buffer = Buffer.alloc(0);
    this.stderr = '';
    this.child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk) => this.receive(chunk, performance.now()));
    this.child.stderr.on('data', (chunk) => {
      // Keep the tail only: enough to explain a crash, never a growing log.
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.exited.then(({ code, signal }) => {
      const error = new Error(`${command} exited (code ${code}, signal ${signal}): ${this.stderr.trim()}`);
      for (const { reject } of this.pending.values()) reject(error);
      for (const waiter of this.diagnosticWaiters) waiter.reject(error);
      this.pending.clear();
      this.diagnosticWaiters = [];
    });
  }

  receive(chunk, arrivedAt) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length:\s*(\d+)/i.exec(header)?.[1]);
      const bodyStart = headerEnd + HEADER_END.length;
      if (this.buffer.length < bodyStart + length) return;
      const message = JSON.parse(this.buffer.subarray(bodyStart, bodyStart + length).toString('utf8'));
      this.buffer = this.buffer.subarray(bodyStart + length);
      this.dispatch(message, arrivedAt);
    }
  }

  dispatch(message, arrivedAt) {
    if (message.id !== undefined && message.method === undefined) {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`${message.error.code}: ${message.error.message}`));
      else waiter?.resolve(message.result);
    } else if (message.id !== undefined) {
      this.send({ jsonrpc: '2.0', id: message.id, result: this.answer(message) });
    } else if (message.method === 'textDocument/publishDiagnostics') {
      const params = message.params;
      const ready = this.diagnosticWaiters.filter((w) => w.matches(params));
      this.diagnosticWaiters = this.diagnosticWaiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve({ params, arrivedAt });
    }
  }

  /** What a plain editor answers to the requests a server makes of its client. */
  answer(request) {
    if (request.method === 'workspace/configuration') {
      return request.params.items.map((item) => this.settingsFor(item.section));
    }
    return null; // client/registerCapability, window/workDoneProgress/create, …: accepted.
  }

  settingsFor(section) {
    if (!section) return this.settings;
    let value = this.settings;
    for (const key of section.split('.')) value = value?.[key];
    return value ?? null;
  }

  send(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /**
   * The next publishDiagnostics for `uri` (for a version at least `minVersion`, when the server
   * says which version it analysed). Call before sending what triggers it. Resolves with the params
   * and the time the message arrived.
   */
  nextDiagnostics(uri, minVersion, timeoutMs) {
    return new Promise((resolve, reject) => {
      const waiter = {
        matches: (p) => p.uri === uri && (p.version === undefined || p.version === null || p.version >= minVersion),
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.diagnosticWaiters = this.diagnosticWaiters.filter((w) => w !== waiter);
        reject(Object.assign(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`), { code: 'NO_DIAGNOSTICS' }));
      }, timeoutMs);
      this.diagnosticWaiters.push(waiter);
    });
  }

  async initialize(rootUri, initializationOptions) {
    const result = await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'iptables-lint-bench' },
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] } },
        },
        window: { workDoneProgress: false },
      },
    });
    this.notify('initialized', {});
    return result;
  }

  /** Polite shutdown; a server that does not leave within a second is killed. */
  async stop() {
    const timeout = (ms) => new Promise((resolve) => setTimeout(resolve, ms, 'timeout'));
    try {
      await Promise.race([this.request('shutdown', null), timeout(1000)]);
      this.notify('exit', null);
    } catch {
      // Already gone.
    }
    if ((await Promise.race([this.exited, timeout(1000)])) === 'timeout') {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
