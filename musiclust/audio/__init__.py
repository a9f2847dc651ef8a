"""Audio: decoding, per-clip features, feature shards and the feature table on disk."""

__all__ = ["feature_io", "features", "shards"]
