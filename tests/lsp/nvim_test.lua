-- nvim_test.lua — `kaohe lsp` under Neovim's built-in LSP client, headless
-- (run by tests/lsp/nvim.sh).  Opens a copy of tests/lsp/fixtures/bonus.rules
-- with one mistake, waits for the diagnostic, fixes it, then asks for hover,
-- completion, definition, rename and formatting, and compares each with what
-- was worked out by hand.  Neovim turns the server's UTF-16 positions into
-- byte columns, so the columns below are bytes (a Chinese character is 3,
-- '§' is 2).  Exits with :cquit on the first failure.
local kaohe, dir = os.getenv("KAOHE"), os.getenv("WORK")
local failures = 0

local function fail(what, got)
  failures = failures + 1
  io.stderr:write("FAIL: " .. what .. (got ~= nil and ("\n  got: " .. vim.inspect(got)) or "") .. "\n")
end
local function check(cond, what, got) if not cond then fail(what, got) end end
local function finish()
  if failures > 0 then
    io.stderr:write("nvim: " .. failures .. " failed\n")
    vim.cmd("cquit 1")
  end
  io.stderr:write("nvim: all passed\n")
  vim.cmd("qall!")
end

vim.cmd("edit " .. dir .. "/bonus.rules")
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({ cmd = { kaohe, "lsp" }, root_dir = dir, name = "kaohe" })
check(client ~= nil, "the client starts")
vim.lsp.buf_attach_client(buf, client)

-- 1. the diagnostic of the mistake (提成比列 for 提成比例) on line 6 (index 5):
-- bytes before it: 'output ' 7 + 奖金 6 + ' "' 2 + § 2 + 七 3 + ' ' 1 + 奖金 6
-- + ' bonus"' 7 + ' = ' 3 + 'pay.base' 8 + ' * ' 3 = 48; the name is 12 bytes
local ok = vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
check(ok, "diagnostics arrive")
local d = vim.diagnostic.get(buf)
check(#d == 1, "one diagnostic", d)
if d[1] then
  check(d[1].lnum == 5 and d[1].col == 48 and d[1].end_col == 60, "its place in byte columns", d[1])
  check(d[1].severity == vim.diagnostic.severity.ERROR and d[1].message:find("unknown name '提成比列'", 1, true),
        "an error naming the unknown name", d[1])
end

-- 2. fixed in the buffer: the diagnostics clear
local line = vim.api.nvim_buf_get_lines(buf, 5, 6, true)[1]
vim.api.nvim_buf_set_lines(buf, 5, 6, true, { (line:gsub("提成比列", "提成比例")) })
ok = vim.wait(15000, function() return #vim.diagnostic.get(buf) == 0 end, 50)
check(ok, "the fixed text has no diagnostics", vim.diagnostic.get(buf))

local function at(row, bytecol)
  vim.api.nvim_win_set_cursor(0, { row + 1, bytecol })
  return vim.lsp.util.make_position_params()
end
local function request(method, params)
  local res = vim.lsp.buf_request_sync(buf, method, params, 10000)
  local r = res and res[client]
  if not r then fail(method .. " answered", res) return nil end
  if r.err then fail(method .. " without error", r.err) return nil end
  return r.result
end

-- 3. hover on the use of 提成比例 (byte 48 of line index 5)
local h = request("textDocument/hover", at(5, 51))
local v = h and h.contents and h.contents.value or ""
check(v:find("**param** `提成比例` · decimal", 1, true) and v:find("value: `8%`", 1, true), "hover on a param", h)

-- 4. completion after 'pay.' on a new last line
vim.api.nvim_buf_set_lines(buf, -1, -1, true, { "output t = pay." })
local last = vim.api.nvim_buf_line_count(buf) - 1
-- (in insert mode the cursor may sit after the last character; normal mode's may not)
local c = request("textDocument/completion", { textDocument = vim.lsp.util.make_text_document_params(),
                                               position = { line = last, character = 15 } })
local labels = {}
for _, item in ipairs(c and (c.items or c) or {}) do table.insert(labels, item.label) end
check(#labels == 1 and labels[1] == "base", "completion after 'pay.'", labels)
vim.api.nvim_buf_set_lines(buf, last, last + 1, true, {})

-- 5. definition of 提成比例: the param's name on line index 3, bytes 6..18
local def = request("textDocument/definition", at(5, 51))
def = def and (def[1] or def)
check(def and def.range.start.line == 3 and def.range.start.character == 6 and def.range["end"].character == 10,
      "definition (UTF-16 from the server)", def)
vim.lsp.util.jump_to_location(def, "utf-16")
local cur = vim.api.nvim_win_get_cursor(0)
check(cur[1] == 4 and cur[2] == 6, "the jump lands on the name", cur)

-- 6. rename 提成比例 -> 佣金比例: the declaration and the use change, the label stays
vim.api.nvim_win_set_cursor(0, { 6, 51 })
vim.lsp.buf.rename("佣金比例")
ok = vim.wait(10000, function()
  return vim.api.nvim_buf_get_lines(buf, 5, 6, true)[1]:find("佣金比例", 1, true) ~= nil
end, 50)
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
check(ok and lines[4] == 'param 佣金比例 "§八.2 提成比例" = 8%'
      and lines[6] == 'output 奖金 "§七 奖金 bonus" = pay.base * 佣金比例', "rename", { lines[4], lines[6] })

-- 7. formatting: a messy line made canonical (single spaces around operators)
vim.api.nvim_buf_set_lines(buf, 8, 9, true, { "output   many_calls   =   calls >   100" })
vim.lsp.buf.formatting_sync(nil, 10000)
lines = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
check(lines[9] == "output many_calls = calls > 100" and #lines == 9, "formatting", lines)

vim.lsp.stop_client(client)
finish()
