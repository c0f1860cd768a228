-- Neovim's own LSP client (Debian's 0.7) against `layerlens lsp`: diagnostics arrive with
-- hadolint's codes, hover explains the RUN, a code action's edit is applied to the buffer.
-- Run headless by test_neovim.py; exits 0 when every check holds, 1 with the reason otherwise.
local function fail(msg)
  io.stderr:write('neovim client: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local ok, err = pcall(function()
  local bin, dir = os.getenv('LAYERLENS_BIN'), os.getenv('TEST_DIR')
  vim.cmd('edit ' .. dir .. '/Dockerfile')
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'layerlens',
    cmd = { bin, 'lsp' },
    root_dir = dir,
    init_options = { context = false },
  })
  assert(id, 'the client did not start')
  vim.lsp.buf_attach_client(buf, id)

  -- Diagnostics, with hadolint's code on the apt-get line.
  assert(vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 20), 'no diagnostics')
  -- Back to the protocol's shape (what `vim.lsp.buf.code_action` sends in 0.7).
  local function as_lsp(d)
    local lsp = d.user_data and d.user_data.lsp or {}
    return {
      range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
      message = d.message, severity = d.severity, source = d.source,
      code = lsp.code or d.code, data = lsp.data,
    }
  end
  local found
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if (d.code or (d.user_data and d.user_data.lsp or {}).code) == 'DL3008' then found = as_lsp(d) end
  end
  assert(found, 'no DL3008 among the diagnostics')
  assert(found.range.start.line == 1, 'DL3008 is on line 2')

  -- Hover on the RUN.
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 1, character = 1 },
  }, 5000)
  local text = hover and hover[id] and hover[id].result and hover[id].result.contents.value or ''
  assert(text:find('RUN', 1, true), 'hover says nothing of RUN: ' .. text)

  -- The code action that ignores DL3008 here, applied.
  local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = found.range,
    context = { diagnostics = { found } },
  }, 10000)
  local chosen
  for _, a in ipairs(actions and actions[id] and actions[id].result or {}) do
    if a.title == 'Ignore DL3008 on this instruction' then chosen = a end
  end
  assert(chosen and chosen.edit, 'no "Ignore DL3008" action with an edit')
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  local line = vim.api.nvim_buf_get_lines(buf, 1, 2, false)[1]
  assert(line == '# hadolint ignore=DL3008', 'line 2 is now: ' .. tostring(line))

  -- The buffer changed: the server hears it and DL3008 is gone.
  assert(vim.wait(10000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'DL3008' then return false end
    end
    return true
  end, 20), 'DL3008 still reported after the pragma')
  vim.lsp.stop_client(id)
end)

if not ok then fail(tostring(err)) end
vim.cmd('qall!')
