"""Services the Excel layer and the CLI call: quote cache, batching and coalescing."""
