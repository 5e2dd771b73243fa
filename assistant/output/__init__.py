"""Writing call results: JSON (the contract), Markdown, SRT, VTT, plain text."""
