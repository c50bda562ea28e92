-- Headless Neovim as an LSP client of iptables-language-server: open the fixture, wait (bounded)
-- for the server's diagnostics, ask for a hover, write what Neovim reports to RESULT_FILE as JSON,
-- and quit. Uses only the API of Neovim 0.7 (Debian 12), so vim.lsp.start_client, not vim.lsp.start.
local server = assert(os.getenv('SERVER_JS'), 'SERVER_JS not set')
local node = os.getenv('NODE_BIN') or 'node'
local fixture = assert(os.getenv('FIXTURE'), 'FIXTURE not set')
local result_file = assert(os.getenv('RESULT_FILE'), 'RESULT_FILE not set')
local hover_line = tonumber(os.getenv('HOVER_LINE'))
local hover_character = tonumber(os.getenv('HOVER_CHARACTER'))
local timeout_ms = tonumber(os.getenv('WAIT_MS') or '15000')

-- -u skips the defaults that turn filetype detection on; the languageId Neovim sends is the filetype.
vim.cmd('filetype on')

local result = { errors = {} }
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, result_file)
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(fixture))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype

  -- Note each publishDiagnostics for this buffer (Neovim's own handler still stores them), so the
  -- wait below ends on the server's answer, empty or not, rather than on a guess.
  local published = false
  local store_diagnostics = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
    store_diagnostics(err, params, ctx, config)
    if params and params.uri == vim.uri_from_bufnr(bufnr) then published = true end
  end

  local client_id = vim.lsp.start_client({
    name = 'iptables',
    cmd = { node, server, '--stdio' },
    root_dir = vim.fn.fnamemodify(fixture, ':h'),
    settings = { iptables = { debounceMs = 0 } },
    on_exit = function(code, signal)
      result.exit = { code = code, signal = signal }
    end,
  })
  result.started = client_id ~= nil
  if not client_id then return end
  vim.lsp.buf_attach_client(bufnr, client_id)

  result.diagnostics_arrived = vim.wait(timeout_ms, function() return published end, 20)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local user = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, severity = d.severity, message = d.message,
      source = d.source, code = user.code,
    })
  end

  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = hover_line, character = hover_character },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, timeout_ms)
  for _, response in pairs(responses or {}) do
    if response.err then table.insert(result.errors, vim.inspect(response.err)) end
    if response.result and response.result.contents then
      local lines = vim.lsp.util.convert_input_to_markdown_lines(response.result.contents)
      result.hover = table.concat(lines, '\n')
    end
  end
  vim.lsp.stop_client(client_id)
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
