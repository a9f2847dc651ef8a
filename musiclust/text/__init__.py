"""Text: lyrics cleaning and LRCLIB scraping, fastText language id, lyric embeddings."""

__all__ = ["embed", "langid", "lyrics"]
