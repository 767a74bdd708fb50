-- The language server in Neovim (Debian's 0.7), headless: a second real client beside pytest-lsp (SPEC 23).
-- Run by test_neovim.py: nvim --headless -u NONE -c "luafile Tests/LSP/neovim.lua" with PARTNER_RULES_CLI and
-- PARTNER_RULES_WORKSPACE set. Prints one line per check and quits with status 1 on the first failure.
local cli = os.getenv("PARTNER_RULES_CLI")
local root = os.getenv("PARTNER_RULES_WORKSPACE")
local patience = tonumber(os.getenv("PARTNER_RULES_TIMEOUT_SCALE") or "1") or 1

local function fail(message)
  io.stdout:write("FAIL " .. message .. "\n")
  vim.cmd("cquit 1")
end

local function pass(message)
  io.stdout:write("PASS " .. message .. "\n")
end

local client_id = vim.lsp.start_client({ name = "partner-rules", cmd = { cli, "lsp", "--debounce", "20" }, root_dir = root })
if not client_id then fail("the server did not start") end

-- A slip typed into remerge.yaml, unsaved: reported at its line with lint's code.
vim.cmd("edit " .. root .. "/partners/remerge.yaml")
local buffer = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buffer, client_id)
local lines = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)
local any_of
for index, line in ipairs(lines) do
  if line == "  any_of: []" then any_of = index end
end
if not any_of then fail("remerge.yaml has no '  any_of: []' line") end
vim.api.nvim_buf_set_lines(buffer, any_of, any_of, false, { "    - Admin" })
local found = vim.wait(20000 * patience, function()
  for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
    if diagnostic.code == "yaml-syntax" then return true end
  end
  return false
end, 50)
if not found then fail("no yaml-syntax diagnostic for the slip") end
for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
  if diagnostic.code == "yaml-syntax" and diagnostic.lnum ~= any_of then
    fail("the slip is reported at line " .. diagnostic.lnum .. ", not " .. any_of)
  end
end
pass("a slip's diagnostic at its line")

-- Hover on a key.
vim.api.nvim_buf_set_lines(buffer, any_of, any_of + 1, false, {})
local auth
for index, line in ipairs(vim.api.nvim_buf_get_lines(buffer, 0, -1, false)) do
  if line:match("^auth:") then auth = index - 1 end
end
local answers = vim.lsp.buf_request_sync(buffer, "textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(buffer) }, position = { line = auth, character = 1 },
}, 10000 * patience)
local hover = answers and answers[client_id] and answers[client_id].result
if not hover or not hover.contents.value:find("**auth**", 1, true) then fail("no hover on 'auth'") end
pass("hover on a key")

-- Definition from a test file's partner: to the partner file.
vim.cmd("edit " .. root .. "/partners/tests/remerge.yaml")
local tests = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(tests, client_id)
local partner_line
for index, line in ipairs(vim.api.nvim_buf_get_lines(tests, 0, -1, false)) do
  if line:match("partner: Remerge") and not partner_line then partner_line = index - 1 end
end
answers = vim.lsp.buf_request_sync(tests, "textDocument/definition", {
  textDocument = { uri = vim.uri_from_bufnr(tests) }, position = { line = partner_line, character = 16 },
}, 10000 * patience)
local locations = answers and answers[client_id] and answers[client_id].result or {}
local target = vim.uri_from_fname(root .. "/partners/remerge.yaml")
local reached = false
for _, location in ipairs(locations) do
  if location.uri == target then reached = true end
end
if not reached then fail("definition of 'partner: Remerge' does not lead to remerge.yaml") end
pass("definition from a test's partner to the partner file")

vim.lsp.stop_client(client_id)
vim.cmd("qall!")
