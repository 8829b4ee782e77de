"""The rich-text editor's server side: the preview of Markdown as the document will show it."""
