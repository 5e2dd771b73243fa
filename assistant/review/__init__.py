"""Post-call review (Qt-free): listening cues, timing statistics, the customer's requests,
the summary as Markdown and HTML, and the library's query API.

The desktop app's review window (``assistant.ui.review``) shows what this
package computes; ``assistant calls export`` writes it.
"""
