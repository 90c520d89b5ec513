-- plotmodel's language server for plot files (YAML or JSON whose top key is `plotmodel`)
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "yaml", "json" },
  callback = function(args)
    local is_plot = false
    for _, line in ipairs(vim.api.nvim_buf_get_lines(args.buf, 0, 40, false)) do
      if line:match('^%s*"?plotmodel"?%s*:') then
        is_plot = true
        break
      end
    end
    if not is_plot then
      return
    end
    vim.lsp.start({
      name = "plotmodel",
      cmd = { "plotmodel", "lsp" },
      root_dir = vim.fs.root(args.buf, { "pyproject.toml", ".git" }),
    })
  end,
})
vim.diagnostic.config({ virtual_text = true })
