"""Verification of the live page: fetch an article, extract its text as the widget
sees it, re-anchor every issue of it and say whether the error is still there
(present), corrected (fixed) or no longer on the page (gone)."""
