local M = {}

-- TODO(yuki): make the leader key configurable next week #editor
M.leader = " "

function M.setup()
  -- NOTE: keep in sync with the README table
  vim.keymap.set("n", "<leader>f", ":Telescope find_files<CR>")
end

return M
