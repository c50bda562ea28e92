import {
  ResponseError,
  ErrorCodes,
  type DefinitionParams,
  type Location,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { documentEdit, enabledDocument, type ServerContext } from './context';
import { currentAnalysis, type OpenDocument } from './documents';
import { isBuiltinChain, targetSpec } from './grammarAdapter';
import { byPosition, chainAt, isUserChain, type ChainOccurrence } from './chainOccurrences';

/** Go to a user chain's definition: its `-N` (or `:CHAIN` line of a restore file). */
export async function definition(ctx: ServerContext, params: DefinitionParams): Promise<Location[] | null> {
  const found = await chainUnderCursor(ctx, params.textDocument.uri, params.position);
  if (!found) return null;
  const definitions = found.all.filter((o) => o.kind === 'definition');
  return definitions.length ? definitions.map((o) => ({ uri: params.textDocument.uri, range: o.range })) : null;
}

/** Every `-j`/`-g` to the chain (and its definition when the editor asks for declarations). */
export async function references(ctx: ServerContext, params: ReferenceParams): Promise<Location[] | null> {
  const found = await chainUnderCursor(ctx, params.textDocument.uri, params.position);
  if (!found) return null;
  const wanted = found.all.filter((o) => o.kind === 'jump' || (params.context.includeDeclaration && o.kind === 'definition'));
  return wanted.sort(byPosition).map((o) => ({ uri: params.textDocument.uri, range: o.range }));
}

export async function prepareRename(ctx: ServerContext, params: PrepareRenameParams): Promise<{ range: Range; placeholder: string } | null> {
  const found = await chainUnderCursor(ctx, params.textDocument.uri, params.position);
  if (!found) return null;
  renameRefusal(found.entry, found.at, found.all);
  return { range: found.at.range, placeholder: found.at.name };
}

/** Rename a user chain everywhere it is named: `-N`, `-A/-I/-D/-F/-X/-E`, `-j`, `-g`, `:CHAIN` lines. */
export async function rename(ctx: ServerContext, params: RenameParams): Promise<WorkspaceEdit | null> {
  const found = await chainUnderCursor(ctx, params.textDocument.uri, params.position);
  if (!found) return null;
  renameRefusal(found.entry, found.at, found.all);
  const newName = params.newName;
  const invalid = invalidChainName(newName);
  if (invalid) throw new ResponseError(ErrorCodes.InvalidParams, invalid);
  const analysis = currentAnalysis(found.entry);
  const taken = analysis?.statements.some(
    (s) => s.command.op === 'new-chain' && s.command.chain?.value === newName && s.command.family === found.at.family && s.command.table === found.at.table,
  );
  if (taken) throw new ResponseError(ErrorCodes.InvalidParams, `A chain named ${newName} already exists in the ${found.at.table} table.`);
  const edits: TextEdit[] = found.all.sort(byPosition).map((o) => ({ range: o.range, newText: newName }));
  return documentEdit(ctx, found.entry, edits);
}

async function chainUnderCursor(ctx: ServerContext, uri: string, position: { line: number; character: number }) {
  const doc = await enabledDocument(ctx, uri);
  if (!doc) return undefined;
  const analysis = currentAnalysis(doc.entry);
  if (!analysis) return undefined;
  const found = chainAt(analysis, position);
  return found ? { ...found, entry: doc.entry } : undefined;
}

/** Throws the reason a rename cannot be done safely (the editor shows it). */
function renameRefusal(entry: OpenDocument, at: ChainOccurrence, all: ChainOccurrence[]): void {
  if (!isUserChain(all)) {
    throw new ResponseError(ErrorCodes.InvalidRequest, `${at.name} is not a chain created in this file (no -N ${at.name}); only user chains can be renamed.`);
  }
  // A name that comes from a variable ($CHAIN) or a loop cannot be rewritten in place.
  for (const o of all) {
    if (entry.document.getText(o.range) !== o.name) {
      throw new ResponseError(
        ErrorCodes.InvalidRequest,
        `${at.name} is written as '${entry.document.getText(o.range)}' on line ${o.range.start.line + 1}; change it there by hand.`,
      );
    }
  }
}

/** Why iptables would refuse the name (`-N`: at most 28 characters, no blanks, not an option or a target). */
export function invalidChainName(name: string): string | undefined {
  if (name.length === 0) return 'A chain name cannot be empty.';
  if (name.length > 28) return `iptables allows chain names of at most 28 characters (${name} has ${name.length}).`;
  if (/[\s'"\\$`]/.test(name)) return 'A chain name cannot contain blanks, quotes, backslashes or $.';
  if (name.startsWith('-') || name.startsWith('!')) return 'A chain name cannot start with - or !.';
  if (targetSpec(name)) return `${name} is a target; a chain cannot have that name.`;
  if (isBuiltinChain(name)) return `${name} is a built-in chain name.`;
  return undefined;
}
