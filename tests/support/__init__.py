"""Test helpers: synthesised audio and data-set layouts, local servers, pipeline runs, PDF checks."""
